using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OtpGrains.LoadGen;

/// <summary>
/// Steady, verified load through the gateway for a bounded time, then the reconciliation and the
/// report. Exit codes: 0 nothing failed, lost or doubled; 1 something did; 2 bad arguments.
/// Writes report.json, report.txt and seconds.csv (latency per second) into --out.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadSettings settings;
        try { settings = LoadSettings.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(LoadSettings.Usage);
            return 2;
        }

        Directory.CreateDirectory(settings.OutputDirectory);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        using var http = new HttpClient { BaseAddress = settings.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        var gateway = new GatewayClient(http, clock, new Pacer(settings.RequestsPerSecond, clock));
        var ledger = new ConcurrentBag<PackageLedger>();
        var failures = new ConcurrentQueue<string>();
        var run = new RouteRun(gateway, settings, ledger, failures);

        // Hard stop: the load ends at --duration; routes still in flight get one more minute.
        using var hardStop = new CancellationTokenSource(settings.Duration + TimeSpan.FromMinutes(1));
        var routeNumber = -1;
        var incomplete = 0;
        Console.Error.WriteLine($"Load: {settings.RequestsPerSecond} requests/s for {settings.Duration.TotalSeconds:0} s through {settings.Gateway} (run {settings.RunId}) ...");
        var workers = Enumerable.Range(0, settings.Workers).Select(async _ =>
        {
            while (clock.Elapsed < settings.Duration)
            {
                try { await run.RunAsync(Interlocked.Increment(ref routeNumber), hardStop.Token); }
                catch (OperationCanceledException) { Interlocked.Increment(ref incomplete); return; }
            }
        });
        await Task.WhenAll(workers);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var requests = gateway.Requests.ToList();

        Console.Error.WriteLine($"Load done: {requests.Count} requests in {loadSeconds:0} s. Reconciling {ledger.Count} packages with the audit trails ...");
        using var reconcileStop = new CancellationTokenSource(TimeSpan.FromMinutes(5) + settings.SettleTimeout);
        var reconciliation = await new Reconciliation(gateway, settings.SettleTimeout).RunAsync(ledger.ToList(), reconcileStop.Token);
        var latency = LatencyReport.From(requests, ScaleEvent.Read(settings.EventsFile, started), settings.Duration.TotalSeconds);

        var failedRequests = requests.Count(r => !r.Ok);
        var report = new
        {
            runId = settings.RunId,
            startedUtc = started,
            loadSeconds = Math.Round(loadSeconds, 1),
            targetRate = settings.RequestsPerSecond,
            requests = requests.Count,
            achievedRate = Math.Round(requests.Count / loadSeconds, 1),
            failedRequests,
            failedByRoute = requests.Where(r => !r.Ok).GroupBy(r => $"{r.Route} {r.Status} {r.Problem}").ToDictionary(g => g.Key, g => g.Count()),
            requestsFailedAfterRetries = failures.Count,
            incompleteRoutes = incomplete,
            routes = routeNumber + 1,
            reconciliation,
            latency = new
            {
                baselineP95Ms = Ms(latency.BaselineP95),
                normalThresholdMs = Ms(latency.Threshold),
                overallP50Ms = Ms(Quantile(requests, 0.50)),
                overallP95Ms = Ms(Quantile(requests, 0.95)),
                overallMaxMs = requests.Count > 0 ? Ms(requests.Max(r => r.LatencySeconds)) : 0,
                events = latency.Events.Select(e => new { e.Name, e.AtSeconds, e.FailedRequests, worstLatencyMs = Ms(e.WorstLatency), e.DisturbedAfter, e.SecondsToNormal }),
                notes = latency.Notes.Select(n => new { n.Name, atSeconds = Math.Round(n.AtSeconds, 1) }),
            },
            failures = failures.Take(50).ToList(),
        };
        var passed = failedRequests == 0 && failures.IsEmpty && incomplete == 0 && reconciliation is
            { LostAttempts: 0, DoubledAttempts: 0, DeliveredNotDelivered: 0, LostDriverEvents: 0, DoubledDriverEvents: 0 };

        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "report.json"), json);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "seconds.csv"), SecondsCsv(latency.Seconds));
        var text = Summary(requests.Count, loadSeconds, failedRequests, failures.Count, incomplete, reconciliation, latency, passed);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "report.txt"), text);
        Console.Out.Write(text);
        return passed ? 0 : 1;
    }

    private static string Summary(int requests, double seconds, int failed, int unrecovered, int incomplete, ReconciliationResult r, LatencyReport latency, bool passed)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"requests: {requests} in {seconds:0} s ({requests / seconds:0.0}/s), failed: {failed} (still failing after {GatewayClient.MaxTries} tries: {unrecovered}), routes cut short by the hard stop: {incomplete}");
        s.AppendLine(CultureInfo.InvariantCulture, $"attempts: {r.AcknowledgedAttempts} acknowledged, {r.UnknownAttempts} unanswered, {r.AuditedAttempts} in the audit trails of {r.Packages} packages; lost: {r.LostAttempts}, doubled: {r.DoubledAttempts}, delivered but not so recorded: {r.DeliveredNotDelivered}");
        s.AppendLine(CultureInfo.InvariantCulture, $"driver records ({r.Drivers} drivers): lost events: {r.LostDriverEvents}, doubled events: {r.DoubledDriverEvents}");
        s.AppendLine(CultureInfo.InvariantCulture, $"latency: baseline p95 {Ms(latency.BaselineP95)} ms, normal means p95 <= {Ms(latency.Threshold)} ms and no failure, for 5 s in a row after the first second that was not");
        foreach (var e in latency.Events)
            s.AppendLine(CultureInfo.InvariantCulture, $"  {e.Name} at {e.AtSeconds:0.0} s: failed {e.FailedRequests}, worst {Ms(e.WorstLatency)} ms, {(e.DisturbedAfter is { } d ? $"first slow or failing second after {d:0} s" : "no slow or failing second")}, normal again after {(e.SecondsToNormal is { } n ? $"{n:0} s" : "never (before the end)")}");
        foreach (var note in latency.Notes) s.AppendLine(CultureInfo.InvariantCulture, $"  ({note.Name} at {note.AtSeconds:0.0} s)");
        foreach (var finding in r.Findings.Take(20)) s.AppendLine("  finding: " + finding);
        s.AppendLine(passed ? "result: PASS (0 failed, 0 lost, 0 doubled)" : "result: FAIL");
        return s.ToString();
    }

    private static string SecondsCsv(List<SecondStats> seconds) =>
        "second,requests,failed,p50_ms,p95_ms,max_ms\n" + string.Concat(seconds.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Second},{s.Requests},{s.Failed},{Ms(s.P50)},{Ms(s.P95)},{Ms(s.Max)}\n")));

    private static double Quantile(List<RequestRecord> requests, double p) =>
        LatencyReport.Percentile(requests.Select(r => r.LatencySeconds).Order().ToList(), p);

    private static double Ms(double seconds) => Math.Round(seconds * 1000, 1);
}
