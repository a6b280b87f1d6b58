using System.Globalization;
using Npgsql;
using OtpGrains.Benchmarks.Load;
using OtpGrains.Benchmarks.Peer;
using OtpGrains.Benchmarks.Seeded;

// OtpGrains against a conventional ASP.NET Core + Npgsql peer. Start it with
// tests/OtpGrains.Benchmarks/bench.sh, which starts PostgreSQL, the silo, the gateway and the peer
// and then runs "run" with their addresses and process ids in BENCH_* variables.
//   peer [--urls ...]      the conventional peer (configuration: see PeerService)
//   run [options]          the load generator and the report (see bench.sh --help)
return args.FirstOrDefault() switch
{
    "peer" => await PeerService.RunAsync(args[1..]),
    "run" => await Bench.RunGuardedAsync(BenchOptions.Parse(args[1..])),
    _ => PrintUsage(),
};

static int PrintUsage()
{
    Console.Error.WriteLine("usage: OtpGrains.Benchmarks peer [--urls URL] | run [options]; start it with tests/OtpGrains.Benchmarks/bench.sh");
    return 2;
}

/// <summary>What to run, from bench.sh's options.</summary>
internal sealed record BenchOptions(
    HashSet<string> Scenarios, int Pairs, int[] Concurrency, int Packages, int Drivers, int Stops, int TrackingReads, int Contended, int Activations, int Failed)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(["a", "b", "c", "d", "e"], 3, [16, 64, 256], 1500, 64, 20, 11, 10_000, 100_000, 100_000);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--quick" => o with { Pairs = 1, Concurrency = [64], Packages = 200, Drivers = 8, Contended = 1000, Activations = 2000, Failed = 2000 },
                "--scenarios" => o with { Scenarios = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries)] },
                "--pairs" => o with { Pairs = Int() },
                "--concurrency" => o with { Concurrency = [.. Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--packages" => o with { Packages = Int() },
                "--drivers" => o with { Drivers = Int() },
                "--stops" => o with { Stops = Int() },
                "--contended" => o with { Contended = Int() },
                "--activations" => o with { Activations = Int() },
                "--failed" => o with { Failed = Int() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}

/// <summary>Interleaved rounds, OtpGrains then peer, per scenario and C; then (d) and (e); then the table.</summary>
internal static class Bench
{
    private static readonly Failures failures = new();

    /// <summary>A failed set-up stops the run with its recorded mismatches, not with a bare stack trace.</summary>
    public static async Task<int> RunGuardedAsync(BenchOptions options)
    {
        try { return await RunAsync(options); }
        catch (InvalidOperationException ex) when (ex.Message == "set-up failed")
        {
            Console.WriteLine($"FAILED during set-up; the unexpected answers:");
            foreach (var f in failures.First) Console.WriteLine($"  {f}");
            return 1;
        }
    }

    public static async Task<int> RunAsync(BenchOptions options)
    {
        string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set; start the benchmark with bench.sh");
        int Pid(string name) => int.Parse(Env(name), CultureInfo.InvariantCulture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Env("BENCH_TIME_ZONE"));
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var tokens = new Tokens(Convert.FromBase64String(Env("BENCH_SIGNING_KEY")));
        await using var admin = NpgsqlDataSource.Create(Env("BENCH_ADMIN_CONNECTION"));
        var meters = new Meters(admin, Pid("BENCH_POSTMASTER_PID"));
        var otp = new SystemUnderTest("OtpGrains", false, new Uri(Env("BENCH_GATEWAY_URL")),
            new Dictionary<string, int> { ["silo"] = Pid("BENCH_SILO_PID"), ["gateway"] = Pid("BENCH_GATEWAY_PID") }, "otpgrains");
        var peer = new SystemUnderTest("peer", true, new Uri(Env("BENCH_PEER_URL")), new Dictionary<string, int> { ["peer"] = Pid("BENCH_PEER_PID") }, "peer");
        Api[] apis = [new(otp, tokens, failures), new(peer, tokens, failures)];
        var scenarios = new Scenarios(meters, today);
        var results = new List<RoundResult>();
        var extra = new List<string>();
        Console.WriteLine($"Station-local date {scenarios.Today}, time zone {zone.Id}; options: {string.Join(' ', Environment.GetCommandLineArgs().Skip(2))}");

        async Task Pairs(string title, Func<Api, Api, Task<RoundResult>> round)
        {
            Console.WriteLine(title);
            for (var pair = 0; pair < options.Pairs; pair++)
                for (var s = 0; s < 2; s++)
                {
                    // A client of its own for the round's one-connection-per-caller bursts (c), closed after it:
                    // ten thousand idle connections kept from round to round exhaust the machine's file table.
                    using var wide = new Api(apis[s].System, tokens, failures);
                    var r = await round(apis[s], wide);
                    results.Add(r);
                    Console.WriteLine(Report.Line(r));
                }
        }

        // Warm-up, not recorded: JIT, connection pools, prepared statements, grain types on both sides.
        if (options.Scenarios.Overlaps(["a", "b", "c"]))
        {
            Console.WriteLine("warm-up (not recorded) ...");
            foreach (var api in apis)
            {
                await scenarios.Attempts(api, 32, 300);
                await scenarios.DeliveryDay(api, 8, 10, 2);
            }
            if (failures.Count > 0) Console.WriteLine($"warm-up: {failures.Count} unexpected answer(s)");
        }

        if (options.Scenarios.Contains("a"))
            foreach (var c in options.Concurrency)
                await Pairs($"(a) attempts only, C={c}, {options.Packages} packages per round x 3 counted attempts", (api, _) => scenarios.Attempts(api, c, Math.Max(options.Packages, c)));
        if (options.Scenarios.Contains("b"))
            await Pairs($"(b) delivery day, {options.Drivers} drivers x {options.Stops} stops", (api, _) => scenarios.DeliveryDay(api, options.Drivers, options.Stops, options.TrackingReads));
        if (options.Scenarios.Contains("c"))
            await Pairs($"(c) {options.Contended} concurrent wrong entries on one package", (api, w) => scenarios.Contended(api, w, options.Contended));

        if (options.Scenarios.Overlaps(["d", "e"]))
        {
            var yesterday = today.AddDays(-1);
            await using (var silo = await SeededSilo.StartAsync())
            {
                if (options.Scenarios.Contains("d"))
                {
                    var line = await silo.MeasureMemory(options.Activations, today, now);
                    Console.WriteLine(line);
                    extra.Add(line);
                }
                if (options.Scenarios.Contains("e"))
                {
                    var seconds = await silo.SeedFailures(options.Failed, 100, yesterday, DateTimeOffset.UtcNow, $"E{now.ToUnixTimeSeconds()}");
                    Console.WriteLine($"(e) seeded {options.Failed:N0} returned packages over 100 stations in {seconds:F1} s");
                }
            }
            if (options.Scenarios.Contains("e"))
            {
                var before = await meters.Read(otp);
                var (seconds, summary, error) = await RedeliveryJob.RunAsync(Env("BENCH_REDELIVERY_DLL"), yesterday);
                var after = await meters.Read(otp);
                var usage = Usage.Between(before, after);
                var ok = error.Length == 0 && summary.ValueKind == System.Text.Json.JsonValueKind.Object
                    && summary.GetProperty("scheduled").GetInt32() == options.Failed && summary.GetProperty("notReturned").GetInt32() == 0;
                if (!ok) failures.Add($"redelivery job: {error} {(summary.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : summary.GetRawText())}");
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"(e) redelivery job over {options.Failed:N0} failed packages: {seconds:F1} s ({options.Failed / seconds:F0} packages/s), " +
                    $"state writes {usage.StateWrites / (double)options.Failed:F2}/package, WAL {usage.WalBytes / (double)options.Failed:F0} B/package, CPU ms/package silo {usage.CpuMs["silo"] / options.Failed:F2} postgres {usage.PostgresCpuMs / options.Failed:F2}; summary {(summary.ValueKind == System.Text.Json.JsonValueKind.Object ? summary.GetRawText() : error)}");
                Console.WriteLine(line);
                extra.Add(line);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Medians of the rounds (rounds in brackets); ratios are medians of the per-pair ratios. ops: counted attempts in (a), requests in (b) and (c).");
        Console.WriteLine();
        Console.Write(Report.Table(results));
        foreach (var line in extra) Console.WriteLine($"\n{line}");
        Console.WriteLine();
        if (failures.Count == 0)
        {
            Console.WriteLine("Every answer was as expected.");
            return 0;
        }
        Console.WriteLine($"FAILED: {failures.Count} unexpected answer(s); the first ones:");
        foreach (var f in failures.First) Console.WriteLine($"  {f}");
        return 1;
    }
}
