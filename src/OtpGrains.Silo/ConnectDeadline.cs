using Microsoft.Extensions.Logging;

namespace OtpGrains.Silo;

/// <summary>
/// Retries a client's first connection to the cluster until a deadline, so a client started while
/// silos are still coming up waits for them, and one pointed at no cluster gives up in bounded time.
/// </summary>
public sealed class ConnectDeadline(TimeSpan budget, TimeProvider time, ILogger<ConnectDeadline> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly long started = time.GetTimestamp();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var elapsed = time.GetElapsedTime(started);
        if (elapsed + RetryDelay >= budget) return false;
        logger.LogInformation("The cluster did not answer ({Error}); retrying for up to {Remaining:0} s more",
            exception.GetType().Name, (budget - elapsed).TotalSeconds);
        await Task.Delay(RetryDelay, time, cancellationToken);
        return true;
    }
}
