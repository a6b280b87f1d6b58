using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OtpGrains.Redelivery;

/// <summary>The result of one run: per-station detail and the totals the console prints.</summary>
/// <param name="Dates">
/// The failure dates processed, ascending. One date with <c>--date</c> or when every station keeps the
/// same time zone; several when stations' local yesterdays differ.
/// </param>
/// <param name="Stations">Every station that had failed packages on its date, in the order processed.</param>
/// <param name="Failures">Packages that could not be handled (grain unreachable or refusing); a re-run retries them.</param>
public sealed record RedeliverySummary(
    ImmutableArray<DateOnly> Dates,
    ImmutableArray<StationSummary> Stations,
    ImmutableArray<PackageFailure> Failures)
{
    /// <summary>The dates as <c>yyyy-MM-dd</c>, comma-separated when there are several.</summary>
    public string Date => string.Join(',', Dates.Select(GrainKeys.Day));

    public int Packages => Stations.Sum(s => s.Packages);

    /// <summary>Scheduled for redelivery, with or without a new code.</summary>
    public int Scheduled => Stations.Sum(s => s.Scheduled);

    public int NewCodes => Stations.Sum(s => s.NewCodes);

    public int ReturnedToShipper => Stations.Sum(s => s.ReturnedToShipper);

    public int NotReturned => Stations.Sum(s => s.NotReturned);

    /// <summary>Handled by an earlier run; this run changed nothing for them.</summary>
    public int AlreadyHandled => Stations.Sum(s => s.AlreadyHandled);

    public int Failed => Failures.Length;
}

/// <summary>
/// What the job did at one station for one failure date, so far or in the end. <see cref="Scheduled"/>
/// counts every package scheduled for redelivery, including the <see cref="NewCodes"/> ones.
/// </summary>
public sealed record StationSummary(
    string StationId,
    DateOnly Date,
    int Packages,
    int Scheduled,
    int NewCodes,
    int ReturnedToShipper,
    int NotReturned,
    int AlreadyHandled,
    int Failed)
{
    /// <summary>Packages the run has finished with, whatever the outcome.</summary>
    public int Processed => Scheduled + ReturnedToShipper + NotReturned + AlreadyHandled + Failed;

    public bool IsComplete => Processed >= Packages;
}

/// <summary>A package the run could not handle; the next run tries it again.</summary>
public sealed record PackageFailure(string StationId, DateOnly Date, string TrackingId, string Reason);

/// <summary>One station's failures on one date: the unit of work the job finds in the index grains.</summary>
public sealed record StationDay(string StationId, DateOnly Date);

/// <summary>
/// The <c>--json</c> summary: exactly the keys CONFIG.md fixes, since scripts depend on them. Details
/// beyond these (per station, already handled, failures) are in the human summary and on standard error.
/// </summary>
public static class SummaryJson
{
    public static string Write(RedeliverySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("date", summary.Date);
            json.WriteNumber("stations", summary.Stations.Length);
            json.WriteNumber("scheduled", summary.Scheduled);
            json.WriteNumber("newCodes", summary.NewCodes);
            json.WriteNumber("returnedToShipper", summary.ReturnedToShipper);
            json.WriteNumber("notReturned", summary.NotReturned);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>The summary for people: totals first, then one line per station.</summary>
public static class SummaryText
{
    public static void Write(RedeliverySummary summary, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);

        var stations = summary.Stations.Length == 1 ? "1 station" : $"{summary.Stations.Length} stations";
        writer.WriteLine(Invariant($"Redelivery for packages that failed on {summary.Date}: {summary.Packages} packages at {stations}."));
        writer.WriteLine(Invariant($"  scheduled for redelivery        {summary.Scheduled,6}  (new codes issued: {summary.NewCodes})"));
        writer.WriteLine(Invariant($"  returned to shipper             {summary.ReturnedToShipper,6}"));
        writer.WriteLine(Invariant($"  not yet returned to the station {summary.NotReturned,6}  (run again once they are scanned back)"));
        writer.WriteLine(Invariant($"  already handled, unchanged      {summary.AlreadyHandled,6}"));
        if (summary.Failed > 0)
            writer.WriteLine(Invariant($"  FAILED, run again to retry      {summary.Failed,6}"));
        foreach (var station in summary.Stations)
            writer.WriteLine($"  {Line(station)}");
    }

    /// <summary>One station's counts on one line, as progress and in the summary.</summary>
    public static string Line(StationSummary station)
    {
        ArgumentNullException.ThrowIfNull(station);
        var line = Invariant($"{station.StationId} {GrainKeys.Day(station.Date)}: {station.Processed}/{station.Packages} done, scheduled {station.Scheduled} (new codes {station.NewCodes}), returned to shipper {station.ReturnedToShipper}, not returned {station.NotReturned}, already handled {station.AlreadyHandled}");
        return station.Failed > 0 ? Invariant($"{line}, FAILED {station.Failed}") : line;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
