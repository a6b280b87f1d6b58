using Orleans.Runtime;
using Orleans.Runtime.Placement;
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
        var driver = Deliveries.NewId("D");

        // Place packages on every silo: the first call activates the grain where the hint says.
        var packages = new List<(string TrackingId, string Customer, SiloAddress Silo)>();
        foreach (var silo in cluster.Silos)
        {
            for (var i = 0; i < PackagesPerSilo; i++)
            {
                var customer = Deliveries.NewId("C");
                var trackingId = Deliveries.NewId("PKG");
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
                try
                {
                    Assert.True((await deliveries.Package(trackingId).Register(Deliveries.Laptop(customer))).IsOk);
                }
                finally
                {
                    RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                }

                packages.Add((trackingId, customer, silo.SiloAddress));
            }
        }

        foreach (var (trackingId, _, _) in packages) Assert.True((await deliveries.Package(trackingId).Ship()).IsOk);
        var route = cluster.Client.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));
        var built = await route.Build(new BuildRoute(driver, TestClock.Today, new TimeOnly(13, 0), new TimeOnly(20, 0), [.. packages.Select(p => p.TrackingId)]));
        Assert.True(built.IsOk, built.Detail);

        // 0, 1, 2 or 3 wrong entries per package; remember every acknowledged answer.
        var acknowledged = new Dictionary<string, List<(string Key, DriverReply Reply)>>();
        for (var p = 0; p < packages.Count; p++)
        {
            var (trackingId, customer, _) = packages[p];
            var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
            acknowledged[trackingId] = [];
            for (var a = 0; a < p % 4; a++)
            {
                var key = $"k{a}";
                var reply = await deliveries.Package(trackingId).Drive(Deliveries.Entry(driver, wrong, key));
                Assert.NotNull(reply.Outcome);
                acknowledged[trackingId].Add((key, reply));
            }
        }

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
                Assert.Equal(reply, await package.Drive(Deliveries.Entry(driver, wrong, key)));
            }
        }

        foreach (var trackingId in onVictim)
        {
            Assert.NotEqual(victim.SiloAddress, await management.GetActivationAddress(deliveries.Package(trackingId)));
        }
    }
}
