namespace OtpGrains.Domain.Drivers;

/// <summary>One UTC day of a driver's record, as counts. Zero counts are left out of the stored row, which keeps a month of days small.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverDay")]
public sealed record DriverDay
{
    [Id(0)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Assigned { get; init; }
    [Id(1)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Delivered { get; init; }
    [Id(2)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int FallbackDeliveries { get; init; }
    [Id(3)] public ImmutableDictionary<UndeliverableReason, int> Undeliverable { get; init; } = ImmutableDictionary<UndeliverableReason, int>.Empty;
    [Id(4)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Excused { get; init; }
    [Id(5)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int RemovedBeforeStart { get; init; }
    [Id(6)] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int LateReturns { get; init; }

    public DriverDay Count(DriverEvent e) => e.Kind switch
    {
        DriverEventKind.Assigned => this with { Assigned = Assigned + 1 },
        DriverEventKind.Delivered => this with { Delivered = Delivered + 1, FallbackDeliveries = FallbackDeliveries + (e.ViaFallback ? 1 : 0) },
        DriverEventKind.Undeliverable => this with { Undeliverable = Undeliverable.SetItem(e.Reason ?? UndeliverableReason.Other, Undeliverable.GetValueOrDefault(e.Reason ?? UndeliverableReason.Other) + 1) },
        DriverEventKind.Excused => this with { Excused = Excused + 1 },
        DriverEventKind.RemovedBeforeStart => this with { RemovedBeforeStart = RemovedBeforeStart + 1 },
        DriverEventKind.LateReturn => this with { LateReturns = LateReturns + 1 },
        // Entries at the door count in the driver's budget (AttemptBudget), not in reliability.
        DriverEventKind.WrongEntry or DriverEventKind.Locked => this,
        // A new kind must be counted on purpose, not fall into another's count.
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "Unknown driver event kind."),
    };
}
