namespace OtpGrains.Domain.Packages;

/// <summary>The tracking page. <see cref="Otp"/> is the plain code while the package can still be handed over.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.CustomerPackageView")]
public sealed record CustomerPackageView(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OtpRequired,
    [property: Id(3)] string? Otp,
    [property: Id(4)] DateOnly? DeliveryDate,
    [property: Id(5)] DateOnly? RedeliveryDate,
    [property: Id(6)] DateTimeOffset? DeliveredAt,
    [property: Id(7)] string? ReceivedBy)
{
    public override string ToString() => $"{TrackingId} {Status}";
}
