using Orleans.Runtime;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>A silo that leaves the cluster takes none of its packages' acknowledged attempts with it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloStopTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int PackagesPerSilo = 12;

    [Fact]
    public async Task Stopping_one_of_three_silos_keeps_every_acknowledged_attempt()
    {
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"stop-{Guid.NewGuid():N}", silos: 3);
        var deliveries = new Deliveries(cluster.Client);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);

        // PackagesPerSilo packages on every silo.
        var (driver, packages) = await deliveries.OutForDeliveryAcross(
            [.. cluster.Silos.Select(s => s.SiloAddress)], PackagesPerSilo * cluster.Silos.Count, TestClock.Today);

        // 0, 1, 2 or 3 wrong entries per package; remember every acknowledged answer.
        var acknowledged = await deliveries.SpendAttempts(driver, packages);

        var victim = cluster.Silos[^1];
        var onVictim = new List<string>();
        foreach (var (trackingId, _, _) in packages)
        {
            if (await management.GetActivationAddress(deliveries.Package(trackingId)) == victim.SiloAddress) onVictim.Add(trackingId);
        }

        Assert.NotEmpty(onVictim);

        await cluster.StopSiloAsync(victim);

        foreach (var (trackingId, customer, _) in packages)
        {
            var package = deliveries.Package(trackingId);
            var spent = acknowledged[trackingId];
            Assert.Equal(3 - spent.Count, (await package.GetStop(driver))!.AttemptsLeft);
            var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
            foreach (var (key, reply) in spent)
            {
                Assert.Equal(reply, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key)));
            }
        }

        foreach (var trackingId in onVictim)
        {
            Assert.NotEqual(victim.SiloAddress, await management.GetActivationAddress(deliveries.Package(trackingId)));
        }
    }
}
