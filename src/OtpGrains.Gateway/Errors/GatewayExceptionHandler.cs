using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace OtpGrains.Gateway.Errors;

/// <summary>
/// Turns exceptions into contract problems: unreadable requests into 400/413/415, a cluster or
/// storage that cannot answer into 503 <c>unavailable</c>, anything else into a bare 500
/// <c>internal</c>. No detail of an unexpected exception leaves the process.
/// </summary>
public sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read", Describe(bad)),
            _ when ClusterFaults.IsTransient(exception) => (StatusCodes.Status503ServiceUnavailable, "The service cannot answer now",
                "The cluster or its storage did not answer in time. Retrying with the same Idempotency-Key is safe."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", null),
        };

        // Exception messages are not logged for client errors: they describe the caller's input.
        if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable)
            logger.LogError(exception, "Unexpected failure answering {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        else if (status == StatusCodes.Status503ServiceUnavailable)
            logger.LogWarning("Cluster unavailable answering {Method} {Path}: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) httpContext.Response.Headers.RetryAfter = "2";
        return await httpContext.WriteProblemAsync(status, title, detail);
    }

    /// <summary>
    /// A fixed description of why the request could not be read. Neither JSON parser messages (some quote
    /// a character of the input, which may be a code) nor the framework's own (they name handler
    /// parameters and give developer hints) are passed on.
    /// </summary>
    private static string Describe(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {BodySizeLimit.MaxBytes} bytes.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
        _ when bad.InnerException is JsonException { Path: { Length: > 1 } path } =>
            $"The request body is not valid JSON for this route: malformed JSON, a missing or null required field, an unknown enum name or a value of the wrong type (at {path}).",
        _ => "The request is missing a required body, header or query value, or its body is not valid JSON for this route: malformed JSON, a missing or null required field, an unknown enum name or a value of the wrong type.",
    };
}
