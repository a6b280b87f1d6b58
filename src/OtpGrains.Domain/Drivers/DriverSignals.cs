namespace OtpGrains.Domain.Drivers;

/// <summary>
/// What support looks at to spot a driver guessing: one driver's entries at the door on one UTC day.
/// Counts and shares only; no code, phone digit or customer appears here. Rates are null when there
/// was nothing to divide by.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverSignals")]
public sealed record DriverSignals(
    [property: Id(0)] string DriverId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] int Entries,
    [property: Id(3)] int WrongEntries,
    [property: Id(4)] double? WrongEntryRate,
    [property: Id(5)] int LockedPackages,
    [property: Id(6)] int FallbackEntries,
    [property: Id(7)] int Deliveries,
    [property: Id(8)] int FallbackDeliveries,
    [property: Id(9)] double? FallbackShare,
    [property: Id(10)] int HourlyRefusals,
    [property: Id(11)] int FallbackRefusals)
{
    /// <summary>Whether support should look at this driver (see <see cref="IsOver"/>); set by the silo, which holds the policy.</summary>
    [Id(12)] public bool OverThresholds { get; init; }

    public static DriverSignals For(string driverId, DateOnly date, DriverDay record, EntryDay entries, DeliveryPolicy policy)
    {
        var signals = Counts(driverId, date, record, entries);
        return signals with { OverThresholds = signals.IsOver(policy) };
    }

    private static DriverSignals Counts(string driverId, DateOnly date, DriverDay record, EntryDay entries) => new(
        driverId,
        date,
        entries.Entries,
        entries.WrongEntries,
        entries.Entries == 0 ? null : (double)entries.WrongEntries / entries.Entries,
        entries.LockedPackages,
        entries.FallbackEntries,
        record.Delivered,
        record.FallbackDeliveries,
        record.Delivered == 0 ? null : (double)record.FallbackDeliveries / record.Delivered,
        entries.HourlyRefusals,
        entries.FallbackRefusals);

    /// <summary>
    /// Whether support should look at this driver: a wrong-entry rate at or over the threshold (once
    /// there were enough entries to mean something), a fallback share at or over its threshold, or any
    /// refusal by the budgets (the driver ran into a limit).
    /// </summary>
    public bool IsOver(DeliveryPolicy policy) =>
        (Entries >= policy.SignalMinEntries && WrongEntryRate >= policy.SignalWrongEntryRate)
        || FallbackShare >= policy.SignalFallbackShare
        || HourlyRefusals + FallbackRefusals > 0;
}
