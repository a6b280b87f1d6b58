namespace OtpGrains.Redelivery;

/// <summary>
/// Retries the first connection to the cluster until a deadline, so a job started while silos are
/// still coming up waits for them, and one pointed at no cluster gives up in bounded time.
/// </summary>
internal sealed class ConnectDeadline(TimeSpan timeout, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly long started = time.GetTimestamp();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (time.GetElapsedTime(started) + RetryDelay >= timeout) return false;
        await Task.Delay(RetryDelay, time, cancellationToken);
        return true;
    }
}
