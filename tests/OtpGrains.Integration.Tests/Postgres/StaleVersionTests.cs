using Orleans.Storage;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// PostgreSQL's row version is the grain's ETag: a write based on a stale version is refused, the
/// grain reloads, and a retried command is counted exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StaleVersionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Attempt_on_a_stale_version_fails_then_its_retry_is_counted_exactly_once()
    {
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"stale-{Guid.NewGuid():N}");
        var deliveries = new Deliveries(cluster.Client);
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
        var package = deliveries.Package(trackingId);
        var first = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1"));

        // What a duplicate activation's write looks like from here: the stored version moves on.
        const string bump = "UPDATE orleans_grain_state SET version = version + 1 WHERE grain_id_extension = @id AND grain_type LIKE '%package%'";
        Assert.Equal(1, await database.ExecuteAsync(bump, ("id", trackingId)));
        const string version = "SELECT version FROM orleans_grain_state WHERE grain_id_extension = @id AND grain_type LIKE '%package%'";
        var bumped = await database.ScalarAsync<int>(version, ("id", trackingId));

        await Assert.ThrowsAsync<InconsistentStateException>(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2")));
        Assert.Equal(bumped, await database.ScalarAsync<int>(version, ("id", trackingId)));

        var retried = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2"));
        var again = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2"));

        Assert.Equal((AttemptOutcome.WrongCode, 1), (retried.Outcome, retried.AttemptsLeft));
        Assert.Equal(retried, again);
        Assert.Equal(first, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1")));
        Assert.Equal(1, (await package.GetStop(driver))!.AttemptsLeft);
        Assert.Equal(bumped + 1, await database.ScalarAsync<int>(version, ("id", trackingId)));
        var audit = (await package.GetSupportView()).Value!.Audit;
        Assert.Equal(2, audit.Count(e => e.Action == "attempt"));
    }
}
