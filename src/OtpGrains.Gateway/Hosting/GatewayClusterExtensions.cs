using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OtpGrains.Hosting;
using OtpGrains.Silo;

namespace OtpGrains.Gateway.Hosting;

/// <summary>Connects the gateway to the grains, in the mode <c>Gateway:Mode</c> names.</summary>
public static class GatewayClusterExtensions
{
    public static WebApplicationBuilder AddOtpCluster(this WebApplicationBuilder builder)
    {
        var mode = GatewayOptions.AddTo(builder.Services, builder.Configuration);
        // Services.AddOrleans/AddOrleansClient, not builder.UseOrleans/UseOrleansClient: those also read
        // the Orleans:* section as Orleans' own provider settings and take CONFIG.md's
        // Orleans:Clustering=Localhost|AdoNet for a provider name they cannot find.
        if (mode == GatewayMode.Embedded)
            builder.Services.AddOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment, embedded: true));
        else
            // A gateway started alongside its silos waits up to a minute for them instead of exiting.
            // Orleans' response timeout is the per-try timeout, so a call stuck on a dead silo fails inside the budget.
            builder.Services.AddOrleansClient(client => client
                .UseOtpCluster(builder.Configuration, TimeSpan.FromMinutes(1), TryTimeoutOf(builder.Configuration))
                .AddActivityPropagation()
                .AddDashboard(o => o.HideTrace = true));

        builder.Services.AddSingleton(sp => ClusterCalls.Create(sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        // Ready means the cluster answers; a storage outage only degrades it (see StorageHealthCheck).
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ClusterHealthCheck.ReadyTag])
            .AddCheck<StorageHealthCheck>(StorageHealthCheck.Name, HealthStatus.Degraded, tags: [ClusterHealthCheck.ReadyTag]);
        return builder;
    }

    // Orleans' client options are configured before the host (and IOptions) exists; a bad value is
    // reported by the GatewayOptions validation at start, so here it only must not throw.
    private static TimeSpan TryTimeoutOf(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration[$"{GatewayOptions.Section}:TryTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : new GatewayOptions().TryTimeout;

    /// <summary>
    /// Listens on <c>http://127.0.0.1:5080</c> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c>, the
    /// <c>*_PORTS</c> variables or a <c>Kestrel:Endpoints</c> section say otherwise, so a bare
    /// <c>dotnet run</c> or a published binary serves where CONFIG.md says. Caps request bodies at 16 KiB.
    /// </summary>
    public static WebApplicationBuilder UseGatewayListener(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var configured = !string.IsNullOrEmpty(config["urls"]) || !string.IsNullOrEmpty(config["http_ports"])
            || !string.IsNullOrEmpty(config["https_ports"]) || config.GetSection("Kestrel:Endpoints").Exists();
        if (!configured) builder.WebHost.UseUrls("http://127.0.0.1:5080");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = BodySizeLimit.MaxBytes;
        });
        return builder;
    }
}
