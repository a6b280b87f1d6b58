namespace OtpGrains.Domain.Drivers;

/// <summary>
/// A driver's record as counts per UTC day over the reliability window, and the routes they drive.
/// Keeping counts, not events, keeps the stored state small however busy the driver is. Event ids
/// are remembered for the excuse window (plus a day), which covers every outbox retry; an excuse is
/// counted on the day of the failure it excuses, so it leaves the window together with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverLedger")]
public sealed record DriverLedger
{
    [Id(0)] public ImmutableSortedDictionary<DateOnly, DriverDay> Days { get; init; } = ImmutableSortedDictionary<DateOnly, DriverDay>.Empty;
    [Id(1)] public ImmutableList<DriverRoute> Routes { get; init; } = [];

    /// <summary>Recently counted event ids and the day each was counted on.</summary>
    [Id(2)] public ImmutableDictionary<string, DateOnly> Seen { get; init; } = ImmutableDictionary<string, DateOnly>.Empty;

    /// <summary>The driver's budgets at the door (issue 11), stored in the same row so its writes coalesce with the record's.</summary>
    [Id(10)] public AttemptBudget Budget { get; init; } = new();

    /// <summary>Counts an event once. Returns the same ledger when the event was seen before or is too old to matter.</summary>
    public DriverLedger Record(DriverEvent e, DateTimeOffset now, DeliveryPolicy policy)
    {
        if (Seen.ContainsKey(e.EventId)) return this;
        var today = Day(now);
        var day = e.Kind == DriverEventKind.Excused && e.Excuses is { } failure && Seen.TryGetValue(failure, out var failedOn) ? failedOn : Day(e.At);
        var firstKept = today.AddDays(1 - policy.ReliabilityWindowDays);
        var firstRemembered = today.AddDays(-(policy.ExcuseWindowDays + 1));
        if (day < firstKept) return this;

        return this with
        {
            Days = Days.RemoveRange(Days.Keys.Where(d => d < firstKept)).SetItem(day, Days.GetValueOrDefault(day, new DriverDay()).Count(e)),
            Seen = Seen.RemoveRange(Seen.Where(s => s.Value < firstRemembered).Select(s => s.Key)).SetItem(e.EventId, day),
        };
    }

    public DriverLedger AddRoute(DriverRoute route, DateOnly today) =>
        Routes.Contains(route) ? this : this with { Routes = Routes.RemoveAll(r => r.Date < today.AddDays(-7)).Add(route) };

    public DriverLedger RemoveRoute(DriverRoute route) => this with { Routes = Routes.Remove(route) };

    /// <summary>Reliability = delivered ÷ (delivered + failures not excused), over the last <c>ReliabilityWindowDays</c> days including today.</summary>
    public ReliabilityReport Report(string driverId, DateTimeOffset now, DeliveryPolicy policy)
    {
        var firstKept = Day(now).AddDays(1 - policy.ReliabilityWindowDays);
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

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
}
