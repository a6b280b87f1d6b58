namespace OtpGrains.Gateway.Apis;

/// <summary>Support's view: the package and its audit trail (which never holds a code).</summary>
public sealed record SupportPackageResponse(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    IReadOnlyList<OtpReason> OtpReasons,
    string? CustomerId,
    string? StationId,
    IReadOnlyList<AuditResponse> Audit)
{
    public static SupportPackageResponse From(SupportPackageView v) => new(
        v.Package.TrackingId, v.Package.Status, v.Package.OtpRequired, v.Package.OtpReasons, v.CustomerId, v.StationId,
        v.Audit.Select(a => new AuditResponse(a.At, a.Actor, a.Action, a.Outcome, a.Method)).ToList());
}
