namespace OtpGrains.Domain.Drivers;

/// <summary>
/// Something that counts toward a driver's record. <see cref="EventId"/> is "{trackingId}#{n}", unique
/// per package and event; <see cref="Sequence"/> is that n, increasing in the order the package sends,
/// so the driver grain can count each exactly once however often it is delivered.
/// <see cref="Reservation"/> names the driver budget unit an entry's outcome settles (see <see cref="AttemptBudget"/>).
/// </summary>
/// <param name="CountsOn">The UTC day the event counts on when that is not its own: an excuse counts on the day of the failure it excuses.</param>
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
    [property: Id(8)] long Sequence = 0,
    [property: Id(9)] DateOnly? CountsOn = null,
    [property: Id(10)] string? Reservation = null)
{
    /// <summary>The sequence number; events queued before it was carried separately have it only in their id.</summary>
    public long SequenceNumber() => Sequence > 0 ? Sequence : Split(EventId).Sequence;

    public static (string TrackingId, long Sequence) Split(string eventId)
    {
        var hash = eventId.LastIndexOf('#');
        return hash > 0 && long.TryParse(eventId.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? (eventId[..hash], n)
            : (eventId, 0);
    }
}
