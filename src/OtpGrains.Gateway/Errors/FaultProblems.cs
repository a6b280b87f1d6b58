namespace OtpGrains.Gateway.Errors;

/// <summary>A grain's refusal as the contract's problem response.</summary>
public static class FaultProblems
{
    public static ProblemHttpResult For(Fault fault, string? detail)
    {
        var (status, code, title) = fault switch
        {
            Fault.NotFound => (404, ProblemCodes.NotFound, "Not found"),
            Fault.ValidationFailed => (400, ProblemCodes.ValidationFailed, "Validation failed"),
            Fault.InvalidState => (409, ProblemCodes.InvalidState, "Not possible in the package's current state"),
            Fault.OtpRequired => (409, ProblemCodes.OtpRequired, "This package needs its code"),
            Fault.FallbackNotAllowed => (409, ProblemCodes.FallbackNotAllowed, "The phone-digit fallback is not allowed"),
            Fault.OutsideDeliveryWindow => (409, ProblemCodes.OutsideDeliveryWindow, "Outside the delivery window"),
            Fault.RouteStarted => (409, ProblemCodes.RouteStarted, "The route has started"),
            Fault.Conflict => (409, ProblemCodes.Conflict, "Conflict"),
            Fault.OtpLocked => (423, ProblemCodes.OtpLocked, "The package is locked for today"),
            Fault.TooManyRequests => (429, ProblemCodes.TooManyRequests, "Too many requests"),
            _ => (500, ProblemCodes.Internal, "Internal error"),
        };
        return Problem(status, code, title, detail);
    }

    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>A resource the caller may not see: the same answer as one that does not exist, so ids cannot be probed.</summary>
    public static ProblemHttpResult NotFound() => Problem(404, ProblemCodes.NotFound, "Not found", "No such resource.");
}
