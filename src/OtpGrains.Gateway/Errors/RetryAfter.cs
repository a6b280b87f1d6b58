using System.Globalization;

namespace OtpGrains.Gateway.Errors;

/// <summary>
/// A grain's refusal that says how long to wait (a spent driver budget) carries the seconds in the
/// problem's <c>retryAfter</c> extension, and routes that can answer one copy it into the
/// <c>Retry-After</c> header, as ASP.NET's own rate limiter does.
/// </summary>
public static class RetryAfter
{
    public const string Extension = "retryAfter";

    public static ProblemHttpResult WithRetryAfter(this ProblemHttpResult problem, int? seconds)
    {
        if (seconds is { } wait) problem.ProblemDetails.Extensions[Extension] = wait;
        return problem;
    }

    public static TBuilder WithRetryAfterHeader<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is ProblemHttpResult problem && problem.ProblemDetails.Extensions.TryGetValue(Extension, out var value) && value is int seconds)
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return result;
        });
}
