namespace OtpGrains.Domain.Packages;

/// <summary>The shipper's and support's view of a package.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.PackageView")]
public sealed record PackageView(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OtpRequired,
    [property: Id(3)] ImmutableList<OtpReason> OtpReasons);
