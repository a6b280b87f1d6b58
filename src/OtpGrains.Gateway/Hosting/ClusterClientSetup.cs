using Orleans.Configuration;
using Orleans.Hosting;
using OtpGrains.Silo;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Gateway.Hosting;

/// <summary>The gateway's <c>Client</c> mode: how the Orleans client finds the cluster.</summary>
public static class ClusterClientSetup
{
    public static IClientBuilder UseOtpCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = ClusterSettings.Read(configuration);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        return settings.Clustering == ClusterSettings.Localhost
            ? client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId)
            : client.UseOtpAdoNetClustering(configuration);
    }
}
