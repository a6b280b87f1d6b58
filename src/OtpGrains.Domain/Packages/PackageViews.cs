namespace OtpGrains.Domain.Packages;

/// <summary>The shipper's and support's view of a package.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.PackageView")]
public sealed record PackageView(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OtpRequired,
    [property: Id(3)] ImmutableList<OtpReason> OtpReasons);

/// <summary>Support's view: the package and its whole audit trail.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.SupportPackageView")]
public sealed record SupportPackageView(
    [property: Id(0)] PackageView Package,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string? StationId,
    [property: Id(3)] ImmutableList<AuditEntry> Audit);

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

/// <summary>One stop as the assigned driver sees it on the itinerary.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StopView")]
public sealed record StopView(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OtpRequired,
    [property: Id(3)] int AttemptsLeft,
    [property: Id(4)] bool FallbackAvailable,
    // The stop's route and date, so a route only shows the packages still on it (see RouteRules.Shows);
    // null when a silo of the version before answered.
    [property: Id(5)] string? RouteId = null,
    [property: Id(6)] DateOnly? Date = null);

/// <summary>
/// The answer to a driver command, kept whole so that a replay with the same idempotency key gets
/// exactly the first answer back.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverReply")]
public sealed record DriverReply(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] AttemptOutcome? Outcome = null,
    [property: Id(3)] int? AttemptsLeft = null,
    [property: Id(4)] DateTimeOffset? ReturnBy = null,
    [property: Id(5)] Fault? Fault = null,
    [property: Id(6)] string? Detail = null,
    [property: Id(7)] int? RetryAfterSeconds = null);

[GenerateSerializer, Immutable, Alias("otpgrains.ReturnScan")]
public sealed record ReturnScan(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OnTime);

/// <summary>What the morning job did with one package that failed on the day it processes.</summary>
[GenerateSerializer, Alias("otpgrains.RedeliveryOutcome")]
public enum RedeliveryOutcome
{
    Scheduled,
    ScheduledWithNewCode,
    ReturnedToSender,
    /// <summary>Not scanned back at the station yet; nothing changed.</summary>
    NotReturned,
    /// <summary>An earlier run already handled it; nothing changed.</summary>
    AlreadyHandled,
}

/// <summary>A registration's answer: the package and whether this call created it.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Registered")]
public sealed record Registered(
    [property: Id(0)] PackageView Package,
    [property: Id(1)] bool Created);
