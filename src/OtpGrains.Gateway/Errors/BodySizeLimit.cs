using Microsoft.AspNetCore.Http.Features;

namespace OtpGrains.Gateway.Errors;

/// <summary>
/// Refuses request bodies over 16 KiB with 413 before anything reads them. Kestrel enforces the same
/// limit while streaming (for bodies without a length); this covers every server, the test server included.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next)
{
    public const int MaxBytes = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = MaxBytes;
        if (context.Request.ContentLength > MaxBytes)
            throw new BadHttpRequestException($"The request body is larger than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        return next(context);
    }
}
