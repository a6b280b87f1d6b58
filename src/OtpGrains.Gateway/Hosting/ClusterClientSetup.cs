using Orleans.Configuration;
using Orleans.Hosting;
using OtpGrains.Silo;

namespace OtpGrains.Gateway.Hosting;

/// <summary>The gateway's <c>Client</c> mode: how the Orleans client finds the cluster.</summary>
public static class ClusterClientSetup
{
    public static IClientBuilder UseOtpCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = ClusterSettings.Read(configuration);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        return settings.Clustering switch
        {
            ClusterSettings.Localhost => client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId),
            _ => throw new NotSupportedException(
                $"Gateway:Mode=Client with Orleans:Clustering={settings.Clustering} is not available in this build of the gateway; use Orleans:Clustering=Localhost or Gateway:Mode=Embedded."),
        };
    }
}
