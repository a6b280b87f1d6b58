namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Keeps trying to reach the cluster at start-up for about a minute, so a gateway started alongside
/// its silos waits for them instead of exiting.
/// </summary>
public sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private const int MaxAttempts = 30;
    private int attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (++attempts > MaxAttempts) return false;
        logger.LogWarning("The cluster did not answer ({Error}); connection attempt {Attempt} of {MaxAttempts} in 2 s", exception.GetType().Name, attempts, MaxAttempts);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return true;
    }
}
