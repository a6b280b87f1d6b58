namespace OtpGrains.Gateway.Errors;

/// <summary>The <c>code</c> extension of every problem response (API.md, "Errors").</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation-failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string InvalidState = "invalid-state";
    public const string OtpRequired = "otp-required";
    public const string FallbackNotAllowed = "fallback-not-allowed";
    public const string OutsideDeliveryWindow = "outside-delivery-window";
    public const string RouteStarted = "route-started";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string OtpLocked = "otp-locked";
    public const string TooManyRequests = "too-many-requests";
    public const string Internal = "internal";
    public const string Unavailable = "unavailable";

    /// <summary>The code a bare status gets when nothing more specific set one.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status423Locked => OtpLocked,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        >= 500 => Internal,
        _ => ValidationFailed,
    };
}
