namespace OtpGrains.Domain;

/// <summary>
/// Why a command was refused. Each maps to one error code of the HTTP contract; a refusal never
/// changes state.
/// </summary>
[GenerateSerializer, Alias("otpgrains.Fault")]
public enum Fault
{
    NotFound,
    ValidationFailed,
    InvalidState,
    OtpRequired,
    FallbackNotAllowed,
    OutsideDeliveryWindow,
    RouteStarted,
    Conflict,
    OtpLocked,
    TooManyRequests,
}
