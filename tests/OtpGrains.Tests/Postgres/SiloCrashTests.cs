using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
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
        var clusterId = $"crash-{Guid.NewGuid():N}"[..18];
        var serviceId = $"otp-{clusterId}";
        var (zone, stationToday) = RealSilos.ZoneNearNoon();
        var work = Directory.CreateTempSubdirectory("otp-silos-");
        var environment = RealSilos.Environment(database, clusterId, serviceId, zone, work.FullName);

        var setup = Stopwatch.StartNew();
        SiloProcess[] silos = [SiloProcess.Start("silo-1", environment, work.FullName), SiloProcess.Start("silo-2", environment, work.FullName)];
        try
        {
            await RealSilos.WaitUntilActiveAsync(database, clusterId, silos, TimeSpan.FromSeconds(90));
            using var client = await RealSilos.ConnectAsync(database, clusterId, serviceId);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
            Assert.Equal(2, hosts.Length);
            output.WriteLine($"two silos up and client connected in {setup.ElapsedMilliseconds} ms; station zone {zone}");

            var (driver, packages) = await OutForDeliveryAsync(grains, hosts, stationToday);

            // Kill the silo that hosts the most packages, once the stream is well under way.
            var placement = new Dictionary<string, SiloAddress?>();
            foreach (var p in packages) placement[p.TrackingId] = await management.GetActivationAddress(grains.GetGrain<IPackageGrain>(p.TrackingId));
            var victimAddress = hosts.MaxBy(h => placement.Values.Count(v => v == h))!;
            var victim = silos.Single(s => s.SiloPort == victimAddress.Endpoint.Port);
            var onVictim = placement.Where(p => p.Value == victimAddress).Select(p => p.Key).ToArray();
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
                    Assert.Equal(attempt.Reply, await package.Drive(Deliveries.Entry(driver, wrong, attempt.Key)));
                }
            }

            foreach (var trackingId in onVictim)
            {
                Assert.NotEqual(victimAddress, await management.GetActivationAddress(grains.GetGrain<IPackageGrain>(trackingId)));
            }

            Assert.True(recovered[^1] < TimeSpan.FromSeconds(10), $"the killed silo's packages needed {recovered[^1].TotalSeconds:F1} s to answer again (target: under 10 s)");
            await RealSilos.StopAsync(client);
        }
        catch
        {
            foreach (var silo in silos) output.WriteLine($"--- {silo.Name} (exited: {silo.HasExited}) ---\n{silo.Console}");
            throw;
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    private async Task<(string Driver, List<(string TrackingId, string Customer, string Wrong)> Packages)> OutForDeliveryAsync(
        IClusterClient grains, SiloAddress[] hosts, DateOnly stationToday)
    {
        var deliveries = new Deliveries(grains);
        var driver = Deliveries.NewId("D");
        var packages = new List<(string, string, string)>();
        for (var i = 0; i < Packages; i++)
        {
            var customer = Deliveries.NewId("C");
            var trackingId = Deliveries.NewId("PKG");
            // Alternate the silos, so that the one killed surely hosts packages.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, hosts[i % hosts.Length]);
            try
            {
                Assert.True((await deliveries.Package(trackingId).Register(Deliveries.Laptop(customer))).IsOk);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            Assert.True((await deliveries.Package(trackingId).Ship()).IsOk);
            packages.Add((trackingId, customer, Deliveries.WrongCode(await deliveries.Code(trackingId, customer))));
        }

        var route = grains.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));
        var built = await route.Build(new BuildRoute(driver, stationToday, new TimeOnly(13, 0), new TimeOnly(20, 0), [.. packages.Select(p => p.Item1)]));
        Assert.True(built.IsOk, built.Detail);
        return (driver, packages);
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
                        var reply = await package.Drive(Deliveries.Entry(driver, wrong, key)).WaitAsync(CallTimeout);
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
