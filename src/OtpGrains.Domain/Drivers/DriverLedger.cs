namespace OtpGrains.Domain.Drivers;

/// <summary>
/// A driver's events, kept long enough to cover the reliability window plus the excuse window,
/// and the routes they drive. Events are deduplicated by id, so redelivery from an outbox is harmless.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverLedger")]
public sealed record DriverLedger
{
    [Id(0)] public ImmutableList<DriverEvent> Events { get; init; } = [];
    [Id(1)] public ImmutableList<DriverRoute> Routes { get; init; } = [];

    /// <summary>Adds an event once. Returns the same ledger when the event was seen before.</summary>
    public DriverLedger Record(DriverEvent e, DateTimeOffset now, DeliveryPolicy policy)
    {
        if (Events.Any(x => x.EventId == e.EventId)) return this;
        var keepFrom = now.AddDays(-(policy.ReliabilityWindowDays + policy.ExcuseWindowDays + 1));
        return this with { Events = Events.RemoveAll(x => x.At < keepFrom).Add(e) };
    }

    public DriverLedger AddRoute(DriverRoute route, DateOnly today) =>
        Routes.Contains(route) ? this : this with { Routes = Routes.RemoveAll(r => r.Date < today.AddDays(-7)).Add(route) };

    public DriverLedger RemoveRoute(DriverRoute route) => this with { Routes = Routes.Remove(route) };

    public ReliabilityReport Report(string driverId, DateTimeOffset now, DeliveryPolicy policy)
    {
        var from = now.AddDays(-policy.ReliabilityWindowDays);
        var inWindow = Events.Where(e => e.At > from && e.At <= now).ToList();
        var excusedIds = Events.Where(e => e.Kind == DriverEventKind.Excused && e.Excuses is not null).Select(e => e.Excuses!).ToHashSet();
        var failures = inWindow.Where(e => e.Kind == DriverEventKind.Undeliverable).ToList();
        var delivered = inWindow.Where(e => e.Kind == DriverEventKind.Delivered).ToList();
        var excused = failures.Count(f => excusedIds.Contains(f.EventId));
        var counted = delivered.Count + failures.Count - excused;
        return new ReliabilityReport(
            driverId,
            policy.ReliabilityWindowDays,
            Assigned: inWindow.Count(e => e.Kind == DriverEventKind.Assigned),
            Delivered: delivered.Count,
            Undeliverable: failures.GroupBy(f => f.Reason ?? UndeliverableReason.Other).ToImmutableDictionary(g => g.Key, g => g.Count()),
            Excused: excused,
            RemovedBeforeStart: inWindow.Count(e => e.Kind == DriverEventKind.RemovedBeforeStart),
            LateReturns: inWindow.Count(e => e.Kind == DriverEventKind.LateReturn),
            FallbackDeliveries: delivered.Count(e => e.ViaFallback),
            Reliability: counted == 0 ? null : (double)delivered.Count / counted);
    }
}
