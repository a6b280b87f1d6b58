namespace OtpGrains.Domain;

/// <summary>Why a driver could not hand a package over.</summary>
[GenerateSerializer, Alias("otpgrains.UndeliverableReason")]
public enum UndeliverableReason
{
    CustomerUnavailable,
    CodeMissing,
    OtpLocked,
    TooEarlyOrTooLate,
    AccessProblem,
    Other,
}
