using System.Diagnostics;
using Orleans.Runtime;
using OtpGrains.Tests.Support;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// SIGTERM shuts a real silo process down gracefully: it leaves the cluster (marks its own membership
/// row Dead instead of waiting to be voted dead), exits by itself with code 0 within the host's
/// shutdown timeout, and its packages answer from the surviving silo with every acknowledged attempt.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloShutdownTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Packages = 16;
    private const int Dead = 6; // Orleans SiloStatus.Dead
    // Program.cs gives the host 30 s to stop; 5 s more covers process exit and slow machines.
    private static readonly TimeSpan ExitBudget = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_makes_a_silo_leave_the_cluster_and_exit_0_keeping_every_acknowledged_attempt()
    {
        await using var cluster = await RealSiloCluster.StartAsync(database, output, "term", silos: 2);
        var clusterId = cluster.ClusterId;
        var deliveries = new Deliveries(cluster.Grains);
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var (driver, packages) = await cluster.OutForDeliveryAsync(Packages);

        // 0-3 wrong entries per package; every answer is an acknowledged attempt to keep.
        var acknowledged = await deliveries.SpendAttempts(driver, packages);

        var (victim, victimAddress, onVictim) = await cluster.BusiestSiloAsync(packages.Select(p => p.TrackingId));
        var survivor = cluster.Silos.Single(s => s != victim);
        Assert.NotEmpty(onVictim);
        Assert.Equal((3, ""), await MembershipRowAsync(clusterId, victim));

        var clock = Stopwatch.StartNew();
        // Watch the row while the silo stops, for the report: a silo that leaves writes ShuttingDown (4) first.
        using var stopWatching = new CancellationTokenSource();
        var seen = new List<string>();
        var watcher = WatchAsync(clusterId, victim, clock, seen, stopWatching.Token);
        victim.Terminate();
        var exited = await victim.WaitForExitAsync(ExitBudget);
        var exitedAt = clock.Elapsed;
        // Read the row at once: a silo voted dead would still be Active (or merely suspected) here.
        var row = await MembershipRowAsync(clusterId, victim);
        await stopWatching.CancelAsync();
        await watcher;
        output.WriteLine($"SIGTERM to {victim.Name} ({onVictim.Length} of {Packages} packages): " +
                         (exited ? $"exited with {victim.ExitCode} after {exitedAt.TotalSeconds:F1} s" : $"still running after {ExitBudget.TotalSeconds} s") +
                         $"; membership row after SIGTERM: {string.Join(" -> ", seen)}");
        Assert.True(exited, $"{victim.Name} did not exit within {ExitBudget.TotalSeconds} s of SIGTERM");
        Assert.Equal(0, victim.ExitCode);
        Assert.Equal(Dead, row.Status);
        // A silo that declares itself Dead records itself as the only "suspecter" (the time of
        // death); one voted dead carries the survivor's vote instead.
        var suspecters = row.Suspects.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(v => v[..v.IndexOf('@', StringComparison.Ordinal)]).Distinct().ToArray();
        Assert.Equal([$"{victimAddress.Endpoint.Address}:{victim.SiloPort}"], suspecters);

        var answerClock = Stopwatch.StartNew();
        foreach (var (trackingId, _, wrong) in packages)
        {
            var package = deliveries.Package(trackingId);
            var spent = acknowledged[trackingId];
            Assert.Equal(3 - spent.Count, (await FirstStopAsync(package, driver, answerClock)).AttemptsLeft);
            foreach (var (key, reply) in spent) Assert.Equal(reply, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key)));
        }

        var answered = answerClock.Elapsed;
        output.WriteLine($"all {Packages} packages answered with their attempts through {survivor.Name} {answered.TotalMilliseconds:F0} ms after the exit");
        foreach (var trackingId in onVictim)
        {
            Assert.NotEqual(victimAddress, await management.GetActivationAddress(deliveries.Package(trackingId)));
        }

        Assert.False(survivor.HasExited, $"{survivor.Name} exited:\n{survivor.Console}");
        Assert.True(answered < TimeSpan.FromSeconds(5), $"packages needed {answered.TotalSeconds:F1} s to answer after a graceful stop (target: under 5 s)");
        // The runtime prints "Unhandled exception." for an exception that escapes Main; Microsoft's
        // console logger prefixes Error and Critical entries with "fail:" and "crit:".
        var bad = victim.Lines.Where(l => l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)
                                          || l.StartsWith("fail:", StringComparison.Ordinal)
                                          || l.StartsWith("crit:", StringComparison.Ordinal)).ToArray();
        Assert.True(bad.Length == 0, $"{victim.Name} reported errors while stopping:\n{victim.Console}");
        output.WriteLine($"--- {victim.Name} console ---\n{victim.Console}");
        await cluster.FinishAsync();
    }

    /// <summary>The silo's status and suspicion votes ("" for none) in the membership table.</summary>
    private async Task<(int Status, string Suspects)> MembershipRowAsync(string clusterId, SiloProcess silo)
    {
        var status = await database.ScalarAsync<int>(
            "SELECT status FROM orleans_membership WHERE deployment_id = @id AND port = @port", ("id", clusterId), ("port", silo.SiloPort));
        var suspects = await database.ScalarAsync<string>(
            "SELECT coalesce(suspect_times, '') FROM orleans_membership WHERE deployment_id = @id AND port = @port", ("id", clusterId), ("port", silo.SiloPort));
        return (status, suspects);
    }

    /// <summary>Records each distinct (status, suspect_times) of the silo's row until cancelled.</summary>
    private async Task WatchAsync(string clusterId, SiloProcess silo, Stopwatch clock, List<string> seen, CancellationToken cancel)
    {
        (int, string)? last = null;
        while (!cancel.IsCancellationRequested)
        {
            var row = await MembershipRowAsync(clusterId, silo);
            if (row != last) seen.Add($"{row.Status} [{row.Suspects}] at {clock.ElapsedMilliseconds} ms");
            last = row;
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>The package's stop as soon as it answers; a call that fails or hangs is retried until the budget runs out.</summary>
    private static async Task<StopView> FirstStopAsync(IPackageGrain package, string driver, Stopwatch clock)
    {
        while (true)
        {
            try
            {
                return (await package.GetStop(driver).WaitAsync(TimeSpan.FromSeconds(2)))!;
            }
            catch (Exception) when (clock.Elapsed < AnswerBudget)
            {
                await Task.Delay(100);
            }
        }
    }
}
