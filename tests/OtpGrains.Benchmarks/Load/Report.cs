using System.Globalization;
using System.Text;

namespace OtpGrains.Benchmarks.Load;

/// <summary>Prints each round as it ends, and the Markdown table of medians and OtpGrains ÷ peer ratios at the end.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Line(RoundResult r) => string.Create(Inv,
        $"  {r.Scenario} C={r.Concurrency,-5} {r.System,-9} {r.OpsPerSecond,8:F0} ops/s  p50 {r.P50,7:F1} ms  p99 {r.P99,7:F1} ms  max {r.Max,7:F0} ms  " +
        $"writes/op {r.WritesPerOp,5:F2} ({(r.IsPeer ? r.Usage.RowWrites : r.Usage.StateWrites)} in all)  WAL {r.WalPerOp,6:F0} B/op  CPU ms/op {string.Join(" ", r.Usage.CpuMs.Keys.Select(k => $"{k} {r.CpuPerOp(k):F2}"))} postgres {r.PostgresPerOp:F2} total {r.TotalCpuPerOp:F2}  ({r.Ops} ops in {r.Seconds:F1} s)");

    public static string Table(IReadOnlyList<RoundResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | C | system | ops/s | p50 ms | p99 ms | max ms | writes/op | WAL B/op | CPU ms/op: silo or peer | gateway | PostgreSQL | total |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in results.GroupBy(r => (r.Scenario, r.Concurrency)))
        {
            var otp = group.Where(r => !r.IsPeer).ToList();
            var peer = group.Where(r => r.IsPeer).ToList();
            foreach (var rows in new[] { otp, peer }.Where(l => l.Count > 0))
            {
                var first = rows[0];
                sb.AppendLine(string.Create(Inv,
                    $"| {Name(first.Scenario)} | {first.Concurrency} | {first.System} ({rows.Count}) | {Median(rows, r => r.OpsPerSecond):F0} | {Median(rows, r => r.P50):F1} | {Median(rows, r => r.P99):F1} | {Median(rows, r => r.Max):F0} | " +
                    $"{Median(rows, r => r.WritesPerOp):F2} | {Median(rows, r => r.WalPerOp):F0} | {Median(rows, r => r.CpuPerOp(first.IsPeer ? "peer" : "silo")):F2} | " +
                    $"{(first.IsPeer ? "–" : Median(rows, r => r.CpuPerOp("gateway")).ToString("F2", Inv))} | {Median(rows, r => r.PostgresPerOp):F2} | {Median(rows, r => r.TotalCpuPerOp):F2} |"));
            }
            var pairs = otp.Zip(peer).ToList();
            if (pairs.Count == 0) continue;
            double Ratio(Func<RoundResult, double> f) => Median(pairs, p => f(p.Second) == 0 ? double.NaN : f(p.First) / f(p.Second));
            sb.AppendLine(string.Create(Inv,
                $"| {Name(group.Key.Scenario)} | {group.Key.Concurrency} | **OtpGrains ÷ peer** | **{Ratio(r => r.OpsPerSecond):F2}** | {Ratio(r => r.P50):F2} | {Ratio(r => r.P99):F2} | {Ratio(r => r.Max):F2} | " +
                $"{Ratio(r => r.WritesPerOp):F2} | {Ratio(r => r.WalPerOp):F2} | – | – | {Ratio(r => r.PostgresPerOp):F2} | {Ratio(r => r.TotalCpuPerOp):F2} |"));
        }
        foreach (var group in results.Where(r => r.Scenario == "c").GroupBy(r => r.System))
            sb.AppendLine(string.Create(Inv,
                $"\n(c) {group.Key}: every one of {group.First().Concurrency:N0} concurrent entries answered within {Median(group.ToList(), r => r.Max):F0} ms (median of the rounds' slowest); " +
                $"{Median(group.ToList(), r => group.Key == "peer" ? r.Usage.RowWrites : r.Usage.StateWrites):F0} {(group.Key == "peer" ? "row" : "grain-state")} writes per round; 3 counted, the rest 423 otp-locked, a replay answered as the first time."));
        return sb.ToString();
    }

    private static string Name(string scenario) => scenario switch
    {
        "a" => "(a) attempts",
        "b" => "(b) delivery day",
        "c" => "(c) contended",
        _ => scenario,
    };

    private static double Median<T>(IReadOnlyList<T> items, Func<T, double> f)
    {
        var v = items.Select(f).Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
