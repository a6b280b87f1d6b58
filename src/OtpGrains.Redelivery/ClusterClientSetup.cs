using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using OtpGrains.Silo;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Redelivery;

/// <summary>How the job's Orleans client finds the cluster, from <c>Orleans:Clustering</c>.</summary>
public static class ClusterClientSetup
{
    /// <exception cref="InvalidOperationException">A key has an unknown value, or AdoNet lacks its connection string.</exception>
    public static IClientBuilder UseOtpClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = ClusterSettings.Read(configuration);
        if (settings.Clustering == ClusterSettings.Localhost)
        {
            // The same ids and gateway port as SiloSetup, so the job finds a localhost silo or the
            // gateway's embedded one.
            return client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
        }

        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        return client.UseOtpAdoNetClustering(configuration);
    }
}
