namespace OtpGrains.Gateway.Apis;

/// <summary>The shipper's and support's view of a package.</summary>
public sealed record PackageResponse(string TrackingId, PackageStatus Status, bool OtpRequired, IReadOnlyList<OtpReason> OtpReasons)
{
    public static PackageResponse From(PackageView view) => new(view.TrackingId, view.Status, view.OtpRequired, view.OtpReasons);
}
