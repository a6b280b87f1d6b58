namespace OtpGrains.Domain.Drivers;

/// <summary>One UTC day of a driver's record, as counts.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverDay")]
public sealed record DriverDay
{
    [Id(0)] public int Assigned { get; init; }
    [Id(1)] public int Delivered { get; init; }
    [Id(2)] public int FallbackDeliveries { get; init; }
    [Id(3)] public ImmutableDictionary<UndeliverableReason, int> Undeliverable { get; init; } = ImmutableDictionary<UndeliverableReason, int>.Empty;
    [Id(4)] public int Excused { get; init; }
    [Id(5)] public int RemovedBeforeStart { get; init; }
    [Id(6)] public int LateReturns { get; init; }

    public DriverDay Count(DriverEvent e) => e.Kind switch
    {
        DriverEventKind.Assigned => this with { Assigned = Assigned + 1 },
        DriverEventKind.Delivered => this with { Delivered = Delivered + 1, FallbackDeliveries = FallbackDeliveries + (e.ViaFallback ? 1 : 0) },
        DriverEventKind.Undeliverable => this with { Undeliverable = Undeliverable.SetItem(e.Reason ?? UndeliverableReason.Other, Undeliverable.GetValueOrDefault(e.Reason ?? UndeliverableReason.Other) + 1) },
        DriverEventKind.Excused => this with { Excused = Excused + 1 },
        DriverEventKind.RemovedBeforeStart => this with { RemovedBeforeStart = RemovedBeforeStart + 1 },
        DriverEventKind.LateReturn => this with { LateReturns = LateReturns + 1 },
        // Entries at the door count in the driver's budget (AttemptBudget), not in reliability.
        _ => this,
    };
}
