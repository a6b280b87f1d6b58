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
