using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using OtpGrains.Grains.Hosting;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Silo;

/// <summary>The one code path that configures a silo: used by the silo host and by the gateway's embedded mode.</summary>
public static class SiloExtensions
{
    public static ISiloBuilder UseOtpSilo(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment, bool embedded = false)
    {
        var settings = OtpClusterOptions.Read(configuration);
        OtpClusterOptions.AddKnownKeys(silo.Services);
        if (embedded) settings = settings.Embedded();
        else settings.RefuseMemoryStorageInDurableCluster();

        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        if (settings.Clustering == OtpClusterOptions.Localhost)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
        }
        else
        {
            // Listen on the advertised address only, not on every interface of the host (in Kubernetes
            // that is the pod IP). Behind NAT, where the advertised address belongs to another host,
            // Orleans:ListenOnAllInterfaces=true listens on all of them instead.
            silo.ConfigureEndpoints(settings.AdvertisedIP, settings.SiloPort, settings.GatewayPort, settings.ListenOnAllInterfaces);
            silo.UseOtpMembershipTimings();
        }

        if (!embedded) silo.UseOtpAdoNet(configuration, OtpStorage.Name);

        if (settings.Storage == OtpClusterOptions.Memory)
        {
            silo.AddMemoryGrainStorage(OtpStorage.Name);
            silo.UseInMemoryReminderService();
        }

        silo.Services.AddSingleton(new NotDurableWarning(settings.Storage == OtpClusterOptions.Memory));
        silo.Services.AddHostedService<StartupBanner>();
        // The dashboard's grains live on the silos; the gateway (its only web front, for the support
        // role) reads them. Its live log stream stays off: logs go to the log pipeline, not a browser.
        silo.AddDashboard(o => o.HideTrace = true);
        return silo.AddOtpGrains(configuration, environment.IsDevelopment());
    }

    /// <summary>The grains and their services, without clustering or storage (test clusters bring their own).</summary>
    public static ISiloBuilder AddOtpGrains(this ISiloBuilder silo, IConfiguration configuration, bool isDevelopment)
    {
        // Stored state is JSON without CLR type names, so renaming or moving a C# type never makes an
        // existing row unreadable; states of 1 KiB and more are stored Brotli-compressed.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => StoredJson.Configure(o.JsonSerializerOptions));
        silo.Services.AddSingleton<IGrainStorageSerializer>(sp => new CompressedStateSerializer(
            new SystemTextJsonGrainStorageSerializer(sp.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>())));
        // A trace that enters through the gateway continues through every grain call it makes, down
        // to the PostgreSQL commands those calls run.
        silo.AddActivityPropagation();
        silo.Services.AddOtpStations(configuration);
        silo.Services.AddOtpGrainServices(configuration, isDevelopment);
        return silo;
    }
}
