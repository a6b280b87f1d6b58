using System.Globalization;

namespace OtpGrains.Gateway.Errors;

/// <summary>
/// Makes every 4xx and 5xx an <c>application/problem+json</c> body with the contract's <c>code</c>:
/// the one place a problem gets it from its status (<see cref="ProblemCodes.ForStatus"/>). Only
/// <see cref="FaultProblems"/> names a code of its own, for refusals whose status is shared
/// (409 <c>invalid-state</c>, <c>otp-required</c>, <c>route-started</c>, ...).
/// </summary>
public static class ProblemExtensions
{
    /// <summary>The hint a 429 carries when whoever refused did not say how long to wait.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromHours(1);

    public static IServiceCollection AddOtpProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ProblemCodes.ForStatus(status));
            var headers = context.HttpContext.Response.Headers;
            if (status == StatusCodes.Status429TooManyRequests && string.IsNullOrEmpty(headers.RetryAfter))
                headers.RetryAfter = ((int)DefaultRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        });
        services.AddExceptionHandler<GatewayExceptionHandler>();
        // Malformed JSON, unknown enum names and missing fields throw, so the exception handler can
        // answer them as problems with a useful detail instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Writes a problem answer from outside an endpoint (the exception handler, the rate limiter, the
    /// readiness probe); it gets its <c>code</c> from its status like every other problem.
    /// </summary>
    public static ValueTask<bool> WriteProblemAsync(this HttpContext http, int status, string title, string? detail, object? entries = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (entries is not null) problem.Extensions["entries"] = entries;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    public static WebApplication UseOtpProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty 4xx/5xx answers (unknown routes, 405, 401, 403) get a problem body too.
        app.UseStatusCodePages();
        app.UseMiddleware<BodySizeLimit>();
        return app;
    }
}
