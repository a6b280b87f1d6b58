using System.Data.Common;
using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Serialization;
using OtpGrains.Tests.Support;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// With PostgreSQL down nothing can be made durable, so nothing is answered or counted; once it is
/// back, the same silo and the same grain carry on without a restart.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Attempts_fail_while_PostgreSQL_is_down_and_the_same_grain_recovers_when_it_is_back()
    {
        _ = PostgresServer.DataDirectory; // fail early, with the fix, when the server cannot be stopped
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"outage-{Guid.NewGuid():N}");
        var deliveries = new Deliveries(cluster.Client);
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var code = await deliveries.Code(trackingId, customer);
        var wrong = Deliveries.WrongCode(code);
        var package = deliveries.Package(trackingId);
        var first = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "before"));
        Assert.Equal(2, first.AttemptsLeft);

        await PostgresServer.StopAsync();
        TimeSpan recovery;
        int failuresAfterRestart;
        try
        {
            var failure = await Record.ExceptionAsync(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "during")));
            Assert.NotNull(failure);
            output.WriteLine($"an attempt during the outage: {failure.GetType().Name}: {failure.Message}");
            Assert.Equal(2, (await package.GetStop(driver))!.AttemptsLeft);
            AssertNamesTheStorage(failure);

            // A package whose state has to be read first cannot even be activated.
            var activation = await Record.ExceptionAsync(() => deliveries.Package(Deliveries.NewId("PKG")).GetStop(driver));
            Assert.NotNull(activation);
            output.WriteLine($"activating a package during the outage: {activation.GetType().Name}: {activation.Message}");
            AssertNamesTheStorage(activation);
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        // The same key again, until PostgreSQL answers: counted once, as if the outage never happened.
        (recovery, failuresAfterRestart, var retried) = await RetryAsync(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "during")), TimeSpan.FromSeconds(30));
        output.WriteLine($"answered {recovery.TotalMilliseconds:F0} ms after PostgreSQL was back, after {failuresAfterRestart} failed tries");
        Assert.Equal((AttemptOutcome.WrongCode, 1), (retried.Outcome, retried.AttemptsLeft));
        Assert.Equal(retried, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "during")));
        Assert.Equal(first, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "before")));

        var delivered = await package.HandleDriverCommand(Deliveries.Entry(driver, code, key: "after"));
        Assert.Equal(AttemptOutcome.Delivered, delivered.Outcome);
        var audit = (await package.GetSupportView()).Value!.Audit;
        Assert.Equal(3, audit.Count(e => e.Action == "attempt"));
        Assert.True(recovery < TimeSpan.FromSeconds(10), $"recovery took {recovery}");
    }

    /// <summary>
    /// The caller (the gateway, which answers 503 for these) must learn that storage failed, not that
    /// the silo could not serialize the storage driver's exception: a CodecNotFoundException would be a 500.
    /// </summary>
    private static void AssertNamesTheStorage(Exception failure)
    {
        Assert.False(failure is SerializerException, $"the storage failure did not reach the caller: {failure.GetType().Name}: {failure.Message}");
        Assert.True(failure is DbException or OrleansException, $"unexpected failure {failure.GetType().FullName}: {failure.Message}");
    }

    private static async Task<(TimeSpan Took, int Failures, T Value)> RetryAsync<T>(Func<Task<T>> call, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var failures = 0;
        while (true)
        {
            try
            {
                return (clock.Elapsed, failures, await call());
            }
            catch (Exception) when (clock.Elapsed < budget)
            {
                failures++;
                await Task.Delay(200);
            }
        }
    }
}
