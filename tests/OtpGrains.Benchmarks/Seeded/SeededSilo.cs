using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OtpGrains.Contracts;
using OtpGrains.Domain;
using OtpGrains.Domain.Codes;
using OtpGrains.Domain.Packages;
using OtpGrains.Domain.Stations;
using OtpGrains.Grains.Hosting;
using OtpGrains.Grains.Indexes;
using OtpGrains.Silo;

namespace OtpGrains.Benchmarks.Seeded;

/// <summary>
/// Scenarios (d) and (e). A silo hosted in this process (the project's own SiloExtensions, AdoNet storage
/// on the run's durable PostgreSQL, localhost clustering under its own cluster id) so that its managed
/// heap can be read after a forced GC, which a separate process does not expose.
///
/// Set-up writes each package's state through the silo's own grain storage provider. The states are
/// computed by the same domain rules the grains run (register, ship, assign; then undeliverable and
/// return scan for (e)), with the outbox emptied as if delivered, plus the two index grains the
/// redelivery job reads. That makes 100,000 packages take about a minute instead of the ~10 writes
/// each that the HTTP path would cost, and it stays right when the stored shape changes.
/// </summary>
public sealed class SeededSilo : IAsyncDisposable
{
    private readonly IHost host;
    private readonly IGrainFactory grains;
    private readonly IGrainStorage storage;
    private readonly DeliveryPolicy policy;
    private readonly StationDirectory stations;
    private readonly CodeVault vault;

    private SeededSilo(IHost host)
    {
        this.host = host;
        grains = host.Services.GetRequiredService<IGrainFactory>();
        storage = host.Services.GetRequiredKeyedService<IGrainStorage>(OtpStorage.Name);
        policy = host.Services.GetRequiredService<DeliveryPolicy>();
        stations = host.Services.GetRequiredService<StationDirectory>();
        vault = host.Services.GetRequiredService<CodeVault>();
    }

    public static async Task<SeededSilo> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Clustering"] = "Localhost",
            ["Orleans:Storage"] = "AdoNet",
            ["Orleans:ClusterId"] = "otpgrains-bench-seed",
            ["Orleans:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        });
        // Quiet: this silo shares the terminal with the report.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment));
        var host = builder.Build();
        await host.StartAsync();
        return new SeededSilo(host);
    }

    /// <summary>(d) Heap per active package: N packages out for delivery today, activated by a read each.</summary>
    public async Task<string> MeasureMemory(int count, DateOnly today, DateTimeOffset now)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"M{now.ToUnixTimeSeconds()}-{i}").ToArray();
        var seed = Stopwatch.StartNew();
        await Seed(ids, "S-M", today, now, failed: false);
        var seeded = seed.Elapsed.TotalSeconds;

        var before = Heap();
        var rssBefore = Rss();
        var activate = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var stop = await grains.GetGrain<IPackageGrain>(ids[i]).GetStop(Driver(i));
            if (stop is null || stop.Status != PackageStatus.OutForDelivery) throw new InvalidOperationException($"seeded package {ids[i]} did not load");
        });
        var activated = activate.Elapsed.TotalSeconds;
        var after = Heap();
        var rssAfter = Rss();
        GC.KeepAlive(ids);
        return string.Create(CultureInfo.InvariantCulture,
            $"(d) memory: {count:N0} packages out for delivery activated in {activated:F1} s (seeded in {seeded:F1} s): managed heap +{(after - before) / 1048576.0:F1} MiB = " +
            $"{(after - before) / (double)count:F0} B per active package after a forced GC; process RSS +{(rssAfter - rssBefore) / (double)count:F0} B per package");
    }

    /// <summary>(e) Seeds N packages that failed on <paramref name="failedDay"/> and were scanned back, over <paramref name="stationCount"/> stations.</summary>
    public async Task<double> SeedFailures(int count, int stationCount, DateOnly failedDay, DateTimeOffset now, string prefix)
    {
        var clock = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var (chunk, s) in ids.Chunk((count + stationCount - 1) / stationCount).Select((c, s) => (c, s)))
            await Seed(chunk, $"S-E{s:D2}", failedDay, now, failed: true);
        return clock.Elapsed.TotalSeconds;
    }

    private async Task Seed(string[] ids, string station, DateOnly day, DateTimeOffset now, bool failed)
    {
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            // A failed package went out and failed on its day (drivers act only on today's stops), and is
            // scanned back now.
            var ctx = new DeliveryContext(ids[i], failed ? stations.For(station).ToInstant(day, new TimeOnly(15, 0)) : now, policy, stations, vault);
            var state = ShippingRules.Register(new PackageState(), new RegisterPackage($"C-{ids[i]}", "seed@example.com", "+1 555 0100 42", new Money(150000, "USD"), "computers", station, false), false, ctx).State;
            state = ShippingRules.Ship(state, false, ctx).State;
            state = StopRules.Assign(state, new StopAssignment(station, $"R-{station}-{i / 20}", Driver(i), day, new TimeOnly(12, 0), new TimeOnly(20, 0)), false, ctx).State;
            if (failed)
            {
                state = DoorstepRules.Handle(state, new DriverCommand(DriverCommandKind.Undeliverable, Driver(i), "u0", Reason: UndeliverableReason.CustomerUnavailable), ctx).State;
                state = ReturnRules.ScanReturn(state, station, ctx with { Now = now }).State;
            }
            if (state.Status != (failed ? PackageStatus.ReturnedToStation : PackageStatus.OutForDelivery))
                throw new InvalidOperationException($"seeding {ids[i]} ended {state.Status}");
            await storage.WriteStateAsync("package", grains.GetGrain<IPackageGrain>(ids[i]).GetGrainId(), new GrainState<PackageState>(state with { Outbox = [] }));
        });
        if (!failed) return;
        await AddMembers("station-day", grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(station, day)).GetGrainId(), ids);
        await AddMembers("failure-day", grains.GetGrain<IFailedStationsGrain>(GrainKeys.Day(day)).GetGrainId(), [station]);
    }

    private async Task AddMembers(string stateName, GrainId grain, IEnumerable<string> members)
    {
        var index = new GrainState<IndexState>(new IndexState());
        await storage.ReadStateAsync(stateName, grain, index);
        index.State = (index.State ?? new IndexState()) with { Members = (index.State?.Members ?? []).Union(members) };
        await storage.WriteStateAsync(stateName, grain, index);
    }

    private static string Driver(int i) => $"D-SEED-{i / 20}";

    private static long Heap()
    {
        for (var n = 0; n < 2; n++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static long Rss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await host.StopAsync(cts.Token); }
        catch (OperationCanceledException) { }
        host.Dispose();
    }
}

/// <summary>(e) Runs the real redelivery job, as its own process against the production-topology cluster, and checks its summary.</summary>
public static class RedeliveryJob
{
    public static async Task<(double Seconds, JsonElement Summary, string Error)> RunAsync(string dll, DateOnly failedDay)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "run", "--date", failedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--json", "--Redelivery:ConnectTimeout=00:02:00" }) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var text = (await stdout).Trim();
        var error = process.ExitCode == 0 ? "" : $"exit {process.ExitCode}: {(await stderr).Split('\n').LastOrDefault(l => l.Length > 0)}";
        var summary = text.StartsWith('{') ? JsonDocument.Parse(text[..(text.LastIndexOf('}') + 1)]).RootElement.Clone() : default;
        return (seconds, summary, error);
    }
}
