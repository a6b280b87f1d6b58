using Microsoft.Extensions.Logging;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Silo;

/// <summary>The one code path that points an Orleans client (the gateway in Client mode, the batch job) at the cluster.</summary>
public static class ClientSetup
{
    /// <summary>
    /// Reads <c>Orleans:*</c> like <see cref="SiloSetup"/> does, so a client finds the silos it
    /// configures: localhost clustering on the silo's gateway port, or the ADO.NET membership table.
    /// The first connection is retried for <paramref name="connectBudget"/>.
    /// </summary>
    public static IClientBuilder UseOtpCluster(this IClientBuilder client, IConfiguration configuration, TimeSpan connectBudget)
    {
        var settings = ClusterSettings.Read(configuration);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        client.Services.AddSingleton<IClientConnectionRetryFilter>(sp =>
            new ConnectDeadline(connectBudget, TimeProvider.System, sp.GetRequiredService<ILogger<ConnectDeadline>>()));
        return settings.Clustering == ClusterSettings.Localhost
            ? client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId)
            : client.UseOtpAdoNetClustering(configuration);
    }
}
