using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>Everything a package grain acknowledged is in PostgreSQL, so it outlives the whole cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterRestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Spent_attempts_replies_and_code_survive_a_full_cluster_restart()
    {
        var time = new SettableTime(TestClock.Noon);
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        string trackingId, code;
        DriverReply first, second;

        await using (var cluster = await PostgresClusters.StartAsync(database, time, serviceId, silos: 2))
        {
            var deliveries = new Deliveries(cluster.Client);
            trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
            code = await deliveries.Code(trackingId, customer);
            var package = deliveries.Package(trackingId);
            first = await package.HandleDriverCommand(Deliveries.Entry(driver, Deliveries.WrongCode(code), key: "k1"));
            second = await package.HandleDriverCommand(Deliveries.Entry(driver, Deliveries.WrongCode(code), key: "k2"));
            Assert.Equal((AttemptOutcome.WrongCode, 2), (first.Outcome, first.AttemptsLeft));
            Assert.Equal((AttemptOutcome.WrongCode, 1), (second.Outcome, second.AttemptsLeft));
        }

        await using (var cluster = await PostgresClusters.StartAsync(database, time, serviceId, silos: 2))
        {
            var deliveries = new Deliveries(cluster.Client);
            var package = deliveries.Package(trackingId);

            Assert.Equal(1, (await package.GetStop(driver))!.AttemptsLeft);
            Assert.Equal(first, await package.HandleDriverCommand(Deliveries.Entry(driver, Deliveries.WrongCode(code), key: "k1")));
            Assert.Equal(code, await deliveries.Code(trackingId, customer));
            var delivered = await package.HandleDriverCommand(Deliveries.Entry(driver, code, key: "k3"));
            Assert.Equal(AttemptOutcome.Delivered, delivered.Outcome);
            Assert.Equal(PackageStatus.Delivered, delivered.Status);
        }
    }
}
