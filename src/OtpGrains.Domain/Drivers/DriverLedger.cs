namespace OtpGrains.Domain.Drivers;

/// <summary>
/// A driver's record as counts per UTC day over the reliability window, and the routes they drive.
/// Keeping counts, not events, keeps the stored state small however busy the driver is.
/// <para>
/// Exactly once without remembering every event: each package numbers the messages it sends
/// (<see cref="DriverEvent.Sequence"/>) and delivers them in order, one at a time, moving on only
/// once the previous one was acknowledged. So from one package an event numbered at or below the
/// highest already counted is a replay, and the ledger only needs that highest number per package.
/// It keeps it for <see cref="DeliveryPolicy.LateDriverEventHours"/> after the event's own time, and
/// counts no event older than that: a forgotten package can then only send replays, which are at least
/// that old. An event is normally delivered within seconds (the outbox retries every few seconds and a
/// reminder every minute), so the limit only matters after a cluster outage longer than the limit.
/// </para>
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverLedger")]
public sealed record DriverLedger
{
    [Id(0)] public ImmutableSortedDictionary<DateOnly, DriverDay> Days { get; init; } = ImmutableSortedDictionary<DateOnly, DriverDay>.Empty;
    [Id(1)] public ImmutableList<DriverRoute> Routes { get; init; } = [];

    /// <summary>Only in ledgers stored before sequence numbers: counted event ids and their day. Folded into <see cref="Latest"/> on the next event.</summary>
    [Id(2)] public ImmutableDictionary<string, DateOnly>? Seen { get; init; }

    /// <summary>Per UTC day of the events' own time, the highest sequence number counted from each package.</summary>
    [Id(3)] public ImmutableSortedDictionary<DateOnly, ImmutableSortedDictionary<string, long>> Latest { get; init; } =
        ImmutableSortedDictionary<DateOnly, ImmutableSortedDictionary<string, long>>.Empty;

    /// <summary>The driver's budgets at the door (issue 11), stored in the same row so its writes coalesce with the record's.</summary>
    [Id(10)] public AttemptBudget Budget { get; init; } = new();

    /// <summary>Counts an event once. Returns the same ledger when the event is a replay or too old to tell from one.</summary>
    public DriverLedger Record(DriverEvent e, DateTimeOffset now, DeliveryPolicy policy)
    {
        var oldest = now.AddHours(-policy.LateDriverEventHours);
        if (e.At < oldest) return this;
        var ledger = Seen is null ? this : Upgraded();
        var sequence = e.SequenceNumber();
        var known = ledger.Find(e.TrackingId);
        if (known is { Sequence: var counted } && counted >= sequence) return this;

        var firstKept = policy.FirstKeptDay(now);
        var countsOn = e.CountsOn ?? Day(e.At);
        var days = ledger.Days.RemoveRange(ledger.Days.Keys.Where(d => d < firstKept));
        if (countsOn >= firstKept) days = days.SetItem(countsOn, days.GetValueOrDefault(countsOn, new DriverDay()).Count(e));

        var latest = ledger.Latest.RemoveRange(ledger.Latest.Keys.Where(d => d < Day(oldest)));
        if (known is { Day: var previous } && latest.TryGetValue(previous, out var packages))
            latest = packages.Count == 1 ? latest.Remove(previous) : latest.SetItem(previous, packages.Remove(e.TrackingId));
        var eventDay = known is { Day: var d } && d > Day(e.At) ? d : Day(e.At);
        latest = latest.SetItem(eventDay, latest.GetValueOrDefault(eventDay, ImmutableSortedDictionary<string, long>.Empty).SetItem(e.TrackingId, sequence));
        return ledger with { Days = days, Latest = latest, Seen = null };
    }

    public DriverLedger AddRoute(DriverRoute route, DateOnly today, DeliveryPolicy policy) =>
        Routes.Contains(route) ? this : this with { Routes = Routes.RemoveAll(r => r.Date.DayNumber < today.DayNumber - policy.RouteHistoryDays).Add(route) };

    public DriverLedger RemoveRoute(DriverRoute route) => this with { Routes = Routes.Remove(route) };

    /// <summary>Reliability = delivered ÷ (delivered + failures not excused), over the last <c>ReliabilityWindowDays</c> days including today.</summary>
    public ReliabilityReport Report(string driverId, DateTimeOffset now, DeliveryPolicy policy)
    {
        var firstKept = policy.FirstKeptDay(now);
        var days = Days.Where(d => d.Key >= firstKept).Select(d => d.Value).ToList();
        var undeliverable = days.SelectMany(d => d.Undeliverable).GroupBy(u => u.Key).ToImmutableDictionary(g => g.Key, g => g.Sum(u => u.Value));
        var delivered = days.Sum(d => d.Delivered);
        var excused = days.Sum(d => d.Excused);
        var counted = delivered + undeliverable.Values.Sum() - excused;
        return new ReliabilityReport(
            driverId,
            policy.ReliabilityWindowDays,
            Assigned: days.Sum(d => d.Assigned),
            Delivered: delivered,
            Undeliverable: undeliverable,
            Excused: excused,
            RemovedBeforeStart: days.Sum(d => d.RemovedBeforeStart),
            LateReturns: days.Sum(d => d.LateReturns),
            FallbackDeliveries: days.Sum(d => d.FallbackDeliveries),
            Reliability: counted <= 0 ? null : (double)delivered / counted);
    }

    private (DateOnly Day, long Sequence)? Find(string trackingId)
    {
        foreach (var (day, packages) in Latest)
        {
            if (packages.TryGetValue(trackingId, out var sequence)) return (day, sequence);
        }
        return null;
    }

    // Old event ids are "{trackingId}#{sequence}", so the set of ids becomes the same highest-number memory.
    private DriverLedger Upgraded()
    {
        var latest = Latest;
        foreach (var (eventId, day) in Seen!)
        {
            var (trackingId, sequence) = DriverEvent.Split(eventId);
            var packages = latest.GetValueOrDefault(day, ImmutableSortedDictionary<string, long>.Empty);
            if (packages.GetValueOrDefault(trackingId) < sequence) latest = latest.SetItem(day, packages.SetItem(trackingId, sequence));
        }
        return this with { Latest = latest, Seen = null };
    }

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
}
