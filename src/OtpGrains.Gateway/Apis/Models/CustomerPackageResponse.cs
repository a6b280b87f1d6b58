namespace OtpGrains.Gateway.Apis;

/// <summary>The tracking page; <c>otp</c> is the code while the package can still be handed over.</summary>
public sealed record CustomerPackageResponse(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    string? Otp,
    string? DeliveryDate,
    string? RedeliveryDate,
    DateTimeOffset? DeliveredAt,
    string? ReceivedBy)
{
    public static CustomerPackageResponse From(CustomerPackageView v) => new(
        v.TrackingId, v.Status, v.OtpRequired, v.Otp,
        v.DeliveryDate is { } d ? Input.Format(d) : null, v.RedeliveryDate is { } r ? Input.Format(r) : null,
        v.DeliveredAt, v.ReceivedBy);

    /// <summary>Keeps the code out of anything that prints the response.</summary>
    public override string ToString() => $"{TrackingId} {Status}";
}
