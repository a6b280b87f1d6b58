using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using OtpGrains.Silo;

namespace OtpGrains.Redelivery;

/// <summary>How the job's Orleans client finds the cluster, from <c>Orleans:Clustering</c>.</summary>
public static class ClusterClientSetup
{
    public static IClientBuilder UseOtpClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = ClusterSettings.Read(configuration);
        return settings.Clustering switch
        {
            // The same ids and gateway port as SiloSetup, so the job finds a localhost silo or the
            // gateway's embedded one.
            ClusterSettings.Localhost => client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId),
            _ => throw new NotSupportedException(
                $"The redelivery job cannot join an Orleans:Clustering={settings.Clustering} cluster in this build; use Orleans:Clustering={ClusterSettings.Localhost}."),
        };
    }
}
