using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OtpGrains.Hosting.Postgres;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Whether the cluster's PostgreSQL answers, as seen from this gateway. Registered as Degraded on
/// failure, never Unhealthy: during a storage outage active packages can still be read and the
/// gateway answers commands with 503 itself, so it must stay in the load balancer.
/// </summary>
public sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Embedded mode and Localhost clustering keep no database this process could ask.
        if (services.GetService<OtpPostgresDataSource>() is not { } pool)
            return HealthCheckResult.Healthy("No database configured for this process.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = pool.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"PostgreSQL at {pool.Endpoint} answers.");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"PostgreSQL at {pool.Endpoint} does not answer ({ex.GetType().Name}); commands that write answer 503 until it is back.");
        }
    }
}
