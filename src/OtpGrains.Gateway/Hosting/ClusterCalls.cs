using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Every grain call the gateway makes goes through here: transient cluster faults (a silo failing
/// over, a lost connection, a timeout) are retried with exponential backoff within one overall
/// budget, so a client sees one answer. Retrying is safe because driver commands carry their
/// idempotency key to the grain, which answers a repeat with the first reply.
/// </summary>
public sealed class ClusterCalls(ResiliencePipeline pipeline)
{
    public static ClusterCalls Create(TimeSpan budget) => new(new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = budget })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ClusterFaults.IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            MaxRetryAttempts = int.MaxValue,
        })
        .Build());

    /// <summary>Runs <paramref name="call"/>, retrying transient faults until the budget or the request ends.</summary>
    public async Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        // WaitAsync lets the budget end a call that hangs; an abandoned driver command is harmless,
        // since its retry (same idempotency key) gets whatever answer the first one stored.
        await pipeline.ExecuteAsync(static async (c, token) => await c().WaitAsync(token), call, cancellationToken);
}
