using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace OtpGrains.Gateway.Hosting;

/// <summary>Ready only when the cluster answers a cheap management call within a few seconds.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (DbException)
        {
            // A silo answered, but the membership table it read is in the database that is down: the
            // cluster still serves active packages, so this is a storage outage, not an unready gateway.
            return HealthCheckResult.Degraded("The cluster answers; its membership storage does not.");
        }
        catch (Exception ex) when (ClusterFaults.IsTransient(ex) || ex is InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The cluster did not answer ({ex.GetType().Name}).");
        }
    }
}
