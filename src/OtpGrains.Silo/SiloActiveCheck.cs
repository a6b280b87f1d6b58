using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace OtpGrains.Silo;

/// <summary>
/// The silo's readiness (<c>/health/ready</c>): ready only while the cluster's membership lists this
/// silo as Active, so an orchestrator sends no traffic to one still joining or already leaving.
/// </summary>
public sealed class SiloActiveCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is Active in the cluster.")
            : HealthCheckResult.Unhealthy($"The silo is {status} in the cluster, not Active."));
    }
}
