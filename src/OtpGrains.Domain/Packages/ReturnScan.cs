namespace OtpGrains.Domain.Packages;

[GenerateSerializer, Immutable, Alias("otpgrains.ReturnScan")]
public sealed record ReturnScan(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OnTime);
