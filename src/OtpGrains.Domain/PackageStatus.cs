namespace OtpGrains.Domain;

/// <summary>Where a package is in its life, as the API names it.</summary>
[GenerateSerializer, Alias("otpgrains.PackageStatus")]
public enum PackageStatus
{
    Registered,
    Shipped,
    OutForDelivery,
    OtpLocked,
    Delivered,
    AwaitingReturn,
    ReturnedToStation,
    ScheduledForRedelivery,
    ReturnToSender,
}
