using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Runtime;
using OtpGrains.Tests.Support;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// Two real silo processes on PostgreSQL; one is SIGKILLed while drivers' attempts stream in. Every
/// attempt the cluster acknowledged is still counted afterwards, exactly once, and the dead silo's
/// packages answer again within seconds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloCrashTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Packages = 40;
    private const int Workers = 6;
    private const int Rounds = 3;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StreamBudget = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigkill_of_a_silo_mid_stream_loses_gives_back_and_doubles_no_acknowledged_attempt()
    {
        await using var cluster = await RealSiloCluster.StartAsync(database, output, "crash", silos: 2);
        var grains = cluster.Grains;
        var management = grains.GetGrain<IManagementGrain>(0);
        output.WriteLine($"two silos up and client connected in {cluster.StartedIn.TotalMilliseconds:F0} ms; station zone {cluster.Zone}");

        var (driver, packages) = await cluster.OutForDeliveryAsync(Packages);

        // Kill the silo that hosts the most packages, once the stream is well under way.
        var (victim, victimAddress, onVictim) = await cluster.BusiestSiloAsync(packages.Select(p => p.TrackingId));
        Assert.NotEmpty(onVictim);

        var acknowledged = new ConcurrentBag<AcknowledgedAttempt>();
        var clock = Stopwatch.StartNew();
        var streams = Enumerable.Range(0, Workers)
            .Select(w => StreamAsync(grains, driver, packages.Where((_, i) => i % Workers == w).ToArray(), acknowledged, clock))
            .ToArray();

        while (acknowledged.Count < Packages && clock.Elapsed < StreamBudget) await Task.Delay(20);
        var killedAt = clock.Elapsed;
        var before = acknowledged.Count;
        victim.Kill();
        output.WriteLine($"killed {victim.Name} ({onVictim.Length} of {Packages} packages) at {killedAt.TotalSeconds:F1} s, after {before} acknowledged attempts");

        var recoveries = await Task.WhenAll(onVictim.Select(id => FirstAnswerAsync(grains.GetGrain<IPackageGrain>(id), driver, clock)));
        var recovered = recoveries.Select(r => r - killedAt).Order().ToArray();
        var unanswered = (await Task.WhenAll(streams)).SelectMany(u => u).ToArray();
        output.WriteLine($"killed silo's packages answered again after {recovered[0].TotalSeconds:F1} s (first), " +
                         $"{recovered[recovered.Length / 2].TotalSeconds:F1} s (median), {recovered[^1].TotalSeconds:F1} s (last)");
        output.WriteLine($"stream finished at {clock.Elapsed.TotalSeconds:F1} s: {acknowledged.Count} acknowledged " +
                         $"({acknowledged.Count(a => a.FailedTries > 0)} after retries, {acknowledged.Sum(a => a.FailedTries)} failed tries), {unanswered.Length} unanswered");

        Assert.True(victim.HasExited);
        Assert.Empty(unanswered);
        Assert.All(acknowledged, a => Assert.NotNull(a.Reply.Outcome));
        foreach (var (trackingId, _, wrong) in packages)
        {
            var package = grains.GetGrain<IPackageGrain>(trackingId);
            var mine = acknowledged.Where(a => a.TrackingId == trackingId).OrderBy(a => a.Round).ToArray();
            Assert.Equal(Rounds, mine.Length);
            // Each key was sent only after the previous one was answered, so the n-th counted
            // attempt must leave 3 - n: a lost attempt would leave more, a doubled one fewer.
            Assert.Equal(Enumerable.Range(1, Rounds).Select(r => 3 - r), mine.Select(a => a.Reply.AttemptsLeft ?? -1));
            Assert.Equal(0, (await package.GetStop(driver))!.AttemptsLeft);
            var audit = (await package.GetSupportView()).Value!.Audit;
            Assert.Equal(mine.Length, audit.Count(e => e.Action == "attempt"));
            foreach (var attempt in mine)
            {
                Assert.Equal(attempt.Reply, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, attempt.Key)));
            }
        }

        foreach (var trackingId in onVictim)
        {
            Assert.NotEqual(victimAddress, await management.GetActivationAddress(grains.GetGrain<IPackageGrain>(trackingId)));
        }

        Assert.True(recovered[^1] < TimeSpan.FromSeconds(10), $"the killed silo's packages needed {recovered[^1].TotalSeconds:F1} s to answer again (target: under 10 s)");
        await cluster.FinishAsync();
    }

    /// <summary>
    /// One driver app working through its packages round by round, one wrong code per package per
    /// round. A call that fails or hangs is sent again with the same key until it is answered.
    /// Returns the keys that were never answered within the budget.
    /// </summary>
    private static async Task<List<string>> StreamAsync(
        IClusterClient grains, string driver, (string TrackingId, string Customer, string Wrong)[] packages, ConcurrentBag<AcknowledgedAttempt> acknowledged, Stopwatch clock)
    {
        var unanswered = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var (trackingId, _, wrong) in packages)
            {
                var key = $"{trackingId}/attempt-{round}";
                var package = grains.GetGrain<IPackageGrain>(trackingId);
                var failed = 0;
                while (true)
                {
                    try
                    {
                        var reply = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key)).WaitAsync(CallTimeout);
                        acknowledged.Add(new AcknowledgedAttempt(trackingId, round, key, reply, clock.Elapsed, failed));
                        break;
                    }
                    catch (Exception) when (clock.Elapsed < StreamBudget)
                    {
                        failed++;
                        await Task.Delay(100);
                    }
                    catch (Exception)
                    {
                        unanswered.Add(key);
                        break;
                    }
                }

                await Task.Delay(150);
            }
        }

        return unanswered;
    }

    /// <summary>When the package first answered a read after the kill (the read spends nothing).</summary>
    private static async Task<TimeSpan> FirstAnswerAsync(IPackageGrain package, string driver, Stopwatch clock)
    {
        while (clock.Elapsed < StreamBudget)
        {
            try
            {
                await package.GetStop(driver).WaitAsync(TimeSpan.FromSeconds(1));
                return clock.Elapsed;
            }
            catch (Exception)
            {
                await Task.Delay(100);
            }
        }

        return TimeSpan.MaxValue;
    }
}
