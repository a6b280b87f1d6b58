namespace OtpGrains.Contracts;

/// <summary>
/// One driver, keyed by driver id: their routes, their reliability record, and their budgets at the
/// door across all their packages. This grain calls no package (nor any grain a package call waits
/// on), so a package may call it in the middle of a command without risking a call cycle.
/// </summary>
[Alias("otpgrains.IDriverGrain")]
public interface IDriverGrain : IGrainWithStringKey
{
    /// <summary>Counts an event once, however often it is delivered.</summary>
    [Alias("Record")] Task Record(DriverEvent driverEvent);

    [Alias("GetReliability")] Task<ReliabilityReport> GetReliability();

    [Alias("AddRoute")] Task AddRoute(DriverRoute route);

    [Alias("RemoveRoute")] Task RemoveRoute(DriverRoute route);

    [Alias("GetRoutes")] Task<ImmutableList<DriverRoute>> GetRoutes(DateOnly date);

    /// <summary>
    /// Holds one budget unit in memory for a code or fallback entry its package is about to evaluate,
    /// or refuses it (counting the refusal) when the driver's hourly or daily budget is spent. Writes
    /// nothing on the way: the entry's outcome settles the unit through the event the package's
    /// outbox sends with its reservation id (<see cref="Record"/>).
    /// </summary>
    [Alias("Reserve")] Task<BudgetGrant> Reserve(EntryClaim claim);

    /// <summary>Gives a unit back when its package could not make the entry's verdict durable.</summary>
    [Alias("Release")] Task Release(string reservation);

    /// <summary>Support's signals for one UTC day: entries, wrong-entry rate, locks, fallbacks, refusals.</summary>
    [Alias("GetSignals")] Task<DriverSignals> GetSignals(DateOnly date);
}
