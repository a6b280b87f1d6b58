using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Every grain call the gateway makes goes through here: transient cluster faults (a silo failing
/// over, a lost connection, a timeout) are retried with exponential backoff within one overall
/// budget, so a client sees one answer. Each try has its own, shorter timeout: a call stuck on a silo
/// that died is abandoned and sent again, and reaches a live silo once the dead one is declared dead.
/// Retrying is safe because every command is idempotent at the grain: driver commands carry their
/// idempotency key, code re-sends and reissues a request id, and the rest (register, ship, routes,
/// returns, excuse) answer a repeat with the state the first one left.
/// </summary>
public sealed class ClusterCalls(ResiliencePipeline pipeline)
{
    public static ClusterCalls Create(GatewayOptions settings) => new(new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.RetryBudget })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ClusterFaults.IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            MaxRetryAttempts = int.MaxValue,
        })
        .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.EffectiveTryTimeout })
        .Build());

    /// <summary>Runs <paramref name="call"/>, retrying transient faults until the budget or the request ends.</summary>
    public async Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        // WaitAsync lets the budget end a call that hangs; an abandoned driver command is harmless,
        // since its retry (same idempotency key) gets whatever answer the first one stored.
        await pipeline.ExecuteAsync(static async (c, token) => await c().WaitAsync(token), call, cancellationToken);
}
