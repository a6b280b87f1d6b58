namespace OtpGrains.Redelivery;

/// <summary>
/// The morning redelivery job, without the console: finds the failed packages through the index grains
/// (the failure-day grain for stations, the station-day grain for tracking ids, never a scan of every
/// package) and asks each package grain to schedule itself. Every rule lives in the package grain, which
/// also makes a second run for the same day change nothing.
/// </summary>
public sealed class RedeliveryRun(IGrainFactory grains, StationDirectory stations, TimeProvider time)
{
    /// <summary>
    /// Processes the stations and date chosen by <paramref name="options"/>, reporting each station's
    /// counts to <paramref name="progress"/> as packages finish.
    /// </summary>
    public async Task<RedeliverySummary> ExecuteAsync(
        RedeliveryOptions options,
        IProgress<StationSummary>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);

        var (dates, days) = await PlanAsync(options);
        var summaries = ImmutableArray.CreateBuilder<StationSummary>(days.Count);
        var failures = ImmutableArray.CreateBuilder<PackageFailure>();
        foreach (var day in days)
        {
            var tally = await ProcessAsync(day, options.Parallelism, progress, cancellationToken);
            if (tally is null) continue;
            summaries.Add(tally.Snapshot());
            failures.AddRange(tally.Failures);
        }

        return new RedeliverySummary(dates, summaries.ToImmutable(), failures.ToImmutable());
    }

    /// <summary>The station-local date before the one <paramref name="now"/> falls on at <paramref name="calendar"/>'s station.</summary>
    public static DateOnly LocalYesterday(StationCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.LocalDate(now).AddDays(-1);
    }

    private async Task<(ImmutableArray<DateOnly> Dates, IReadOnlyList<StationDay> Days)> PlanAsync(RedeliveryOptions options)
    {
        var now = time.GetUtcNow();
        if (options.StationId is { } stationId)
        {
            var date = options.Date ?? LocalYesterday(stations.For(stationId), now);
            return ([date], [new StationDay(stationId, date)]);
        }

        if (options.Date is { } given)
        {
            var stationIds = await grains.GetGrain<IFailureDayGrain>(GrainKeys.Day(given)).GetStations();
            return ([given], [.. stationIds.Select(id => new StationDay(id, given))]);
        }

        // Every station's local yesterday lies within UTC today-2..today (zones run from UTC-12 to
        // UTC+14), so those three failure-day grains name every candidate; each station is kept only
        // on the date that is its own yesterday.
        var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
        var days = new List<StationDay>();
        for (var date = utcToday.AddDays(-2); date <= utcToday; date = date.AddDays(1))
        {
            foreach (var id in await grains.GetGrain<IFailureDayGrain>(GrainKeys.Day(date)).GetStations())
            {
                if (LocalYesterday(stations.For(id), now) == date) days.Add(new StationDay(id, date));
            }
        }

        ImmutableArray<DateOnly> dates = [.. days.Select(d => d.Date).Distinct().Order()];
        // With nothing to do the summary still names a date: yesterday in the default stations' zone.
        return (dates.IsEmpty ? [LocalYesterday(stations.For("Default"), now)] : dates, days);
    }

    private async Task<StationTally?> ProcessAsync(StationDay day, int parallelism, IProgress<StationSummary>? progress, CancellationToken cancellationToken)
    {
        var trackingIds = await grains.GetGrain<IStationDayGrain>(GrainKeys.StationDay(day.StationId, day.Date)).GetFailed();
        if (trackingIds.IsEmpty) return null;

        var tally = new StationTally(day, trackingIds.Count);
        progress?.Report(tally.Snapshot());
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(trackingIds, parallel, async (trackingId, _) =>
        {
            try
            {
                var result = await grains.GetGrain<IPackageGrain>(trackingId).ScheduleRedelivery(day.Date);
                if (result.IsOk) tally.Count(result.Value);
                else tally.Fail(trackingId, $"{result.Fault}: {result.Detail}");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One package the cluster cannot answer for must not hold up the rest of the station;
                // it is reported, and the next run, which changes nothing for the others, retries it.
                tally.Fail(trackingId, $"{exception.GetType().Name}: {exception.Message}");
            }

            progress?.Report(tally.Snapshot());
        });
        return tally;
    }
}
