namespace OtpGrains.Gateway.Hosting;

/// <summary>The <c>RateLimits</c> section: how many requests per minute each caller may make.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Code and phone-digit entries by one driver, across all their packages.</summary>
    public int DriverAttemptsPerMinute { get; set; } = 30;

    /// <summary>Code re-sends asked for by one customer.</summary>
    public int CustomerResendsPerMinute { get; set; } = 10;

    /// <summary>Requests without a valid token from one client address (token requests, 401s).</summary>
    public int AnonymousPerMinute { get; set; } = 60;
}
