namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>
/// The gateway as a developer runs it (Development, <c>/dev/tokens</c> on), shared by the whole
/// gateway collection. Rate limits are set high so concurrency tests measure the grain, not the limiter.
/// </summary>
public sealed class DevelopmentGateway() : GatewayHost("Development", Defaults(new()
{
    ["RateLimits:DriverAttemptsPerMinute"] = "100000",
    ["RateLimits:CustomerResendsPerMinute"] = "100000",
    ["RateLimits:AnonymousPerMinute"] = "100000",
}))
{
    public Api Api => field ??= new Api(CreateClient());
}
