using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OtpGrains.Contracts;
using OtpGrains.Domain;
using OtpGrains.Domain.Packages;
using OtpGrains.Domain.Routes;
using OtpGrains.Grains.Hosting;
using OtpGrains.Silo;
using OtpGrains.Silo.Storage;

// Usage: dotnet run -c Release --project tests/OtpGrains.Benchmarks -- [packages] [concurrency] [postgres-connection-string]
// Each package gets two wrong entries and the right code: three counted attempts, each one a
// durable state write before its answer. Reports throughput and latency percentiles.
var packages = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 64;
var postgres = args.Length > 2 ? args[2] : null;

if (postgres is not null) await SchemaMigrator.MigrateAsync(postgres, TextWriter.Null, CancellationToken.None);
var settings = new Dictionary<string, string?> { ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "otpgrains-bench-mail") };
if (postgres is not null)
{
    settings["Orleans:Storage"] = "AdoNet";
    settings["ConnectionStrings:Orleans"] = postgres;
}
var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
var noon = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
builder.ConfigureSilo((_, silo) =>
{
    if (postgres is null) silo.AddMemoryGrainStorage(OtpStorage.Name).UseInMemoryReminderService();
    else silo.UseOtpAdoNet(configuration, OtpStorage.Name);
    silo.AddOtpGrains(configuration, isDevelopment: true);
    silo.Services.AddSingleton(new DeliveryClock(new FixedTime(noon)));
});
await using var cluster = builder.Build();
await cluster.DeployAsync();
var grains = cluster.Client;

Console.WriteLine($"storage: {(postgres is null ? "memory" : "PostgreSQL")}, packages: {packages}, concurrency: {concurrency}");
var run = Guid.NewGuid().ToString("N")[..8];
var ids = Enumerable.Range(0, packages).Select(i => $"B{run}-{i}").ToArray();
var codes = new string[packages];
var setup = Stopwatch.StartNew();
await Parallel.ForAsync(0, packages, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
{
    var package = grains.GetGrain<IPackageGrain>(ids[i]);
    await package.Register(new RegisterPackage($"C{i}", $"c{i}@example.com", "+15550100142", new Money(150000, "USD"), "computers", "S1", false));
    await package.Ship();
    await grains.GetGrain<IRouteGrain>(GrainKeys.Route("S1", $"R{run}-{i}")).Build(
        new BuildRoute($"D{i % 50}", DateOnly.FromDateTime(noon.UtcDateTime), new TimeOnly(13, 0), new TimeOnly(20, 0), [ids[i]]));
    codes[i] = (await package.GetCustomerView($"C{i}")).Value!.Otp!;
});
Console.WriteLine($"setup: {setup.Elapsed.TotalSeconds:F1} s");

var latencies = new double[packages * 3];
var clock = Stopwatch.StartNew();
await Parallel.ForAsync(0, packages, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
{
    var package = grains.GetGrain<IPackageGrain>(ids[i]);
    var wrong = codes[i] == "000000" ? "111111" : "000000";
    string[] entries = [wrong, wrong, codes[i]];
    for (var n = 0; n < 3; n++)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await package.Drive(new DriverCommand(DriverCommandKind.Code, $"D{i % 50}", $"k{n}", entries[n]));
        latencies[i * 3 + n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (reply.Fault is not null) throw new InvalidOperationException($"unexpected refusal: {reply.Fault}");
    }
});
var elapsed = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
double Percentile(double p) => latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)];
Console.WriteLine($"counted attempts: {latencies.Length} in {elapsed:F2} s = {latencies.Length / elapsed:F0}/s; latency ms p50 {Percentile(0.50):F2}, p99 {Percentile(0.99):F2}, max {latencies[^1]:F2}");

var hotId = $"B{run}-hot";
var hotPackage = grains.GetGrain<IPackageGrain>(hotId);
await hotPackage.Register(new RegisterPackage("CH", "ch@example.com", "+15550100142", new Money(150000, "USD"), "computers", "S1", false));
await hotPackage.Ship();
await grains.GetGrain<IRouteGrain>(GrainKeys.Route("S1", $"R{run}-hot")).Build(new BuildRoute("DH", DateOnly.FromDateTime(noon.UtcDateTime), new TimeOnly(13, 0), new TimeOnly(20, 0), [hotId]));
var contended = Stopwatch.StartNew();
var replies = await Task.WhenAll(Enumerable.Range(0, 1000).Select(n => hotPackage.Drive(new DriverCommand(DriverCommandKind.Code, "DH", $"h{n}", "000000"))));
Console.WriteLine($"1000 concurrent entries on one package: {contended.Elapsed.TotalMilliseconds:F0} ms, counted {replies.Count(r => r.Outcome is not null)}, refused {replies.Count(r => r.Fault == Fault.OtpLocked)}");

/// <summary>A clock that stays where it is put, so the delivery window never closes mid-run.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
