using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using OtpGrains.Grains.Hosting;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>A driver's counted entries are in PostgreSQL within one flush interval, so a silo crash does not give the hour back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DriverBudgetRestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Counted_wrong_entries_survive_a_crash_of_the_drivers_silo_and_the_budget_stays_spent()
    {
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"budget-{Guid.NewGuid():N}", silos: 2, driverWrongEntriesPerHour: 10);
        var deliveries = new Deliveries(cluster.Client);
        var driver = Deliveries.NewId("D");
        var packages = await Task.WhenAll(Enumerable.Range(0, 11).Select(async _ =>
        {
            var customer = Deliveries.NewId("C");
            var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
            return (trackingId, wrong: Deliveries.WrongCode(await deliveries.Code(trackingId, customer)));
        }));

        var replies = await Task.WhenAll(packages.Take(10).Select(p => deliveries.Package(p.trackingId).HandleDriverCommand(Deliveries.Entry(driver, p.wrong))));
        Assert.All(replies, r => Assert.Equal(AttemptOutcome.WrongCode, r.Outcome));

        // Nothing else writes the driver now: only the coalescing flush can put the ten entries on disk.
        var grain = cluster.Client.GetGrain<IDriverGrain>(driver);
        await Eventually.True(async () => (await Stored(cluster, grain)).Budget.LastHour.Count == 10);

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(grain);
        var victim = cluster.Silos.Single(s => s.SiloAddress == host);
        await cluster.KillSiloAsync(victim);

        // Until the cluster declares the silo dead, calls to what it hosted fail; the same key makes the retries one entry.
        var entry = Deliveries.Entry(driver, packages[10].wrong);
        DriverReply? eleventh = null;
        await Eventually.True(async () =>
        {
            try
            {
                eleventh = await deliveries.Package(packages[10].trackingId).HandleDriverCommand(entry);
                return true;
            }
            catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                return false;
            }
        }, timeoutMs: 60_000);
        Assert.NotNull(eleventh);
        Assert.Equal(Fault.TooManyRequests, eleventh.Fault);
        Assert.Equal(3, (await deliveries.Package(packages[10].trackingId).GetStop(driver))!.AttemptsLeft);
        Assert.NotEqual(host, await management.GetActivationAddress(grain));
        var signals = await grain.GetSignals(TestClock.Today);
        Assert.Equal((10, 1), (signals.WrongEntries, signals.HourlyRefusals));
    }

    /// <summary>The driver's record as PostgreSQL holds it, read past the activation.</summary>
    private static async Task<DriverLedger> Stored(InProcessTestCluster cluster, IDriverGrain grain)
    {
        var storage = cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(OtpStorage.Name);
        var state = new GrainState<DriverLedger>();
        await storage.ReadStateAsync("driver", grain.GetGrainId(), state);
        return state.State ?? new DriverLedger();
    }
}
