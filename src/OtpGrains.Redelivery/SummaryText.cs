using System.Globalization;

namespace OtpGrains.Redelivery;

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
