using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Drivers;

/// <summary>One driver: their routes and their reliability over the rolling window.</summary>
public sealed class DriverGrain(
    [PersistentState("driver", OtpStorage.Name)] IPersistentState<DriverLedger> ledger,
    DeliveryPolicy policy,
    DeliveryClock clock) : Grain, IDriverGrain
{
    public Task Record(DriverEvent driverEvent) => ledger.Commit(ledger.State.Record(driverEvent, clock.Now, policy));

    public Task<ReliabilityReport> GetReliability() =>
        Task.FromResult(ledger.State.Report(this.GetPrimaryKeyString(), clock.Now, policy));

    public Task AddRoute(DriverRoute route) =>
        ledger.Commit(ledger.State.AddRoute(route, DateOnly.FromDateTime(clock.Now.UtcDateTime), policy));

    public Task RemoveRoute(DriverRoute route) => ledger.Commit(ledger.State.RemoveRoute(route));

    public Task<ImmutableList<DriverRoute>> GetRoutes(DateOnly date) =>
        Task.FromResult(ledger.State.Routes.Where(r => r.Date == date).ToImmutableList());
}
