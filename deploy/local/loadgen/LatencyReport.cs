using System.Globalization;

namespace OtpGrains.LoadGen;

/// <summary>
/// Something the scale test did to the cluster (a disruption: a silo added, stopped, killed) or
/// saw happen (a note: the silo became active, exited), in seconds since the load started.
/// </summary>
public sealed record ScaleEvent(double AtSeconds, string Name, bool Disruption)
{
    /// <summary>Reads lines of "unix-milliseconds disruption|note name" written by scale-test.sh while the load ran.</summary>
    public static List<ScaleEvent> Read(string? file, DateTimeOffset loadStarted)
    {
        if (file is null || !File.Exists(file)) return [];
        return File.ReadAllLines(file)
            .Select(line => line.Split(' ', 3, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out _))
            .Select(parts => new ScaleEvent(
                (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)) - loadStarted).TotalSeconds,
                parts[2], parts[1] == "disruption"))
            .OrderBy(e => e.AtSeconds)
            .ToList();
    }
}

/// <summary>One second of the run: how many requests started in it, how many failed, their latencies.</summary>
public sealed record SecondStats(int Second, int Requests, int Failed, double P50, double P95, double Max);

/// <summary>
/// How one event disturbed the latency: the first second after it that was not normal (null: none
/// before the next event), and how long from the event until the latency was normal again.
/// </summary>
public sealed record EventImpact(string Name, double AtSeconds, int FailedRequests, double WorstLatency, double? DisturbedAfter, double? SecondsToNormal);

/// <summary>
/// Latency per second of the run against a baseline taken before the first event. "Normal again"
/// means five seconds in a row whose 95th percentile is at most twice the baseline's (and at
/// least 50 ms above it, so a fast baseline does not turn noise into an incident) and with no failed
/// request, counted from the first second after the event that was not normal: a silo that joins a
/// few seconds after it was started disturbs the latency only then, and the seconds before that are
/// no recovery.
/// </summary>
public sealed record LatencyReport(double BaselineP95, double Threshold, List<SecondStats> Seconds, List<EventImpact> Events, List<ScaleEvent> Notes)
{
    private const int WarmUpSeconds = 10;
    private const int StableSeconds = 5;

    public static LatencyReport From(IReadOnlyCollection<RequestRecord> requests, IReadOnlyList<ScaleEvent> all, double durationSeconds)
    {
        var events = all.Where(e => e.Disruption).ToList();
        var seconds = requests.GroupBy(r => (int)r.StartSeconds).OrderBy(g => g.Key).Select(g =>
        {
            var latencies = g.Select(r => r.LatencySeconds).Order().ToList();
            return new SecondStats(g.Key, latencies.Count, g.Count(r => !r.Ok), Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies[^1]);
        }).ToList();

        var baselineEnd = events.Count > 0 ? events[0].AtSeconds : durationSeconds;
        var baseline = requests.Where(r => r.StartSeconds >= WarmUpSeconds && r.StartSeconds < baselineEnd).Select(r => r.LatencySeconds).Order().ToList();
        if (baseline.Count == 0) baseline = requests.Select(r => r.LatencySeconds).Order().ToList();
        var baselineP95 = Percentile(baseline, 0.95);
        var threshold = Math.Max(2 * baselineP95, baselineP95 + 0.05);

        var impacts = events.Select((e, i) =>
        {
            var until = i + 1 < events.Count ? events[i + 1].AtSeconds : double.MaxValue;
            var during = requests.Where(r => r.StartSeconds >= e.AtSeconds && r.StartSeconds < until).ToList();
            var after = seconds.Where(s => s.Second >= (int)e.AtSeconds).ToList();
            // Only seconds that ended before the next event: the one it falls in belongs to that event.
            var disturbed = after.FindIndex(s => s.Second + 1 <= until && !Normal(s, threshold));
            return new EventImpact(e.Name, Math.Round(e.AtSeconds, 1), during.Count(r => !r.Ok),
                during.Count > 0 ? during.Max(r => r.LatencySeconds) : 0,
                disturbed < 0 ? null : Math.Max(0, after[disturbed].Second - e.AtSeconds),
                disturbed < 0 ? 0 : SecondsToNormal(after, disturbed + 1, e.AtSeconds, threshold));
        }).ToList();
        return new LatencyReport(baselineP95, threshold, seconds, impacts, all.Where(e => !e.Disruption).ToList());
    }

    private static bool Normal(SecondStats second, double threshold) => second.P95 <= threshold && second.Failed == 0;

    /// <summary>From the event to the start of the first run of normal seconds at or after <paramref name="from"/>; null if none came before the end.</summary>
    private static double? SecondsToNormal(List<SecondStats> after, int from, double at, double threshold)
    {
        for (var i = from; i + StableSeconds <= after.Count; i++)
        {
            var window = after.Skip(i).Take(StableSeconds).ToList();
            var consecutive = window[^1].Second - window[0].Second == StableSeconds - 1;
            if (consecutive && window.All(s => Normal(s, threshold)))
                return Math.Max(0, window[0].Second - at);
        }
        return null;
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
