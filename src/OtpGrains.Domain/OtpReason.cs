namespace OtpGrains.Domain;

/// <summary>Why a package needs a one-time code at the door.</summary>
[GenerateSerializer, Alias("otpgrains.OtpReason")]
public enum OtpReason
{
    HighValue,
    Category,
    FlaggedCustomer,
    ShipperRequested,
}
