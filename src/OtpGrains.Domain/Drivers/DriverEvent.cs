namespace OtpGrains.Domain.Drivers;

/// <summary>
/// Something that counts toward a driver's record. <see cref="EventId"/> is unique per package and
/// event, so the driver grain can count each exactly once however often it is delivered.
/// <see cref="Reservation"/> names the driver budget unit an entry's outcome settles (see <see cref="AttemptBudget"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverEvent")]
public sealed record DriverEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string DriverId,
    [property: Id(2)] DriverEventKind Kind,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string TrackingId,
    [property: Id(5)] UndeliverableReason? Reason = null,
    [property: Id(6)] string? Excuses = null,
    [property: Id(7)] bool ViaFallback = false,
    [property: Id(8)] string? Reservation = null);
