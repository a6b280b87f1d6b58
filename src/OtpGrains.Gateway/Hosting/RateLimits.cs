using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Limits that make guessing expensive: per driver on code and phone-digit entries (on top of each
/// package's own 3-a-day budget), per customer on re-sends, and per client address for anything
/// unauthenticated. Refusals are 429 <c>too-many-requests</c> problems with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string DriverAttempts = "driver-attempts";
    public const string CustomerResends = "customer-resends";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddOtpRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOtpOptions<RateLimitOptions>(configuration, RateLimitOptions.Section)
            .Validate(l => l.DriverAttemptsPerMinute > 0 && l.CustomerResendsPerMinute > 0 && l.AnonymousPerMinute > 0,
                $"{RateLimitOptions.Section}:DriverAttemptsPerMinute, CustomerResendsPerMinute and AnonymousPerMinute must be positive numbers.");
        // Refusals are counted as budget refusals (otpgrains.budget.refusals); in Client mode no silo
        // registers the project's meter, so the gateway does.
        DeliveryMetrics.AddTo(services);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejected;
            o.AddPolicy(DriverAttempts, http => PerSubject(http, l => l.DriverAttemptsPerMinute));
            o.AddPolicy(CustomerResends, http => PerSubject(http, l => l.CustomerResendsPerMinute));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Anonymous);
        });
        return services;
    }

    /// <summary>The budget a refused request spent: its endpoint's policy, else the anonymous limit.</summary>
    private static string BudgetName(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName is { } policy && http.User.Identity?.IsAuthenticated == true
            ? policy
            : "anonymous";

    private static RateLimitPartition<string> PerSubject(HttpContext http, Func<RateLimitOptions, int> limit) =>
        http.User.FindFirst(TokenClaims.Subject)?.Value is { } subject
            ? RateLimitPartition.GetFixedWindowLimiter(subject, _ => Fixed(limit(Limits(http))))
            : RateLimitPartition.GetNoLimiter("");

    private static RateLimitPartition<string> Anonymous(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true || http.Request.Path.StartsWithSegments("/health"))
            return RateLimitPartition.GetNoLimiter("");
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => Fixed(Limits(http).AnonymousPerMinute));
    }

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static FixedWindowRateLimiterOptions Fixed(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejected(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<DeliveryMetrics>().BudgetRefusal(BudgetName(http));
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests", "Slow down and retry after the time in the Retry-After header.");
    }
}
