namespace OtpGrains.Domain.Packages;

/// <summary>Support's view: the package and its whole audit trail.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.SupportPackageView")]
public sealed record SupportPackageView(
    [property: Id(0)] PackageView Package,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string? StationId,
    [property: Id(3)] ImmutableList<AuditEntry> Audit);
