using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OtpGrains.Hosting.Telemetry;

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
        RedeliveryArguments options,
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

    private async Task<(ImmutableArray<DateOnly> Dates, IReadOnlyList<StationDay> Days)> PlanAsync(RedeliveryArguments options)
    {
        var now = time.GetUtcNow();
        if (options.StationId is { } stationId)
        {
            var date = options.Date ?? LocalYesterday(stations.For(stationId), now);
            return ([date], [new StationDay(stationId, date)]);
        }

        if (options.Date is { } given)
        {
            var stationIds = await grains.Reference<IFailedStationsGrain>(GrainKeys.Day(given)).GetStations();
            return ([given], [.. stationIds.Select(id => new StationDay(id, given))]);
        }

        // Every station's local yesterday lies within UTC today-2..today (zones run from UTC-12 to
        // UTC+14), so those three failure-day grains name every candidate; each station is kept only
        // on the date that is its own yesterday.
        var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
        var days = new List<StationDay>();
        for (var date = utcToday.AddDays(-2); date <= utcToday; date = date.AddDays(1))
        {
            foreach (var id in await grains.Reference<IFailedStationsGrain>(GrainKeys.Day(date)).GetStations())
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
        var trackingIds = await grains.Reference<IFailedPackagesGrain>(GrainKeys.StationDay(day.StationId, day.Date)).GetFailed();
        if (trackingIds.IsEmpty) return null;

        var tally = new StationTally(day, trackingIds.Count);
        progress?.Report(tally.Snapshot());
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(trackingIds, parallel, async (trackingId, _) =>
        {
            try
            {
                var result = await grains.Reference<IPackageGrain>(trackingId).ScheduleRedelivery(day.Date);
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

/// <summary>Counts one station's outcomes while its packages are handled in parallel.</summary>
internal sealed class StationTally(StationDay day, int packages)
{
    private readonly ConcurrentQueue<PackageFailure> failures = new();
    private int scheduled;
    private int newCodes;
    private int returnedToShipper;
    private int notReturned;
    private int alreadyHandled;
    private int failed;

    public IEnumerable<PackageFailure> Failures => failures;

    public void Count(RedeliveryOutcome outcome)
    {
        switch (outcome)
        {
            case RedeliveryOutcome.Scheduled:
                Interlocked.Increment(ref scheduled);
                break;
            case RedeliveryOutcome.ScheduledWithNewCode:
                // A new code is issued with the scheduling, so it counts in both.
                Interlocked.Increment(ref newCodes);
                Interlocked.Increment(ref scheduled);
                break;
            case RedeliveryOutcome.ReturnedToSender:
                Interlocked.Increment(ref returnedToShipper);
                break;
            case RedeliveryOutcome.NotReturned:
                Interlocked.Increment(ref notReturned);
                break;
            case RedeliveryOutcome.AlreadyHandled:
                Interlocked.Increment(ref alreadyHandled);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The package grain answered an outcome this job does not know.");
        }
    }

    public void Fail(string trackingId, string reason)
    {
        failures.Enqueue(new PackageFailure(day.StationId, day.Date, trackingId, reason));
        Interlocked.Increment(ref failed);
    }

    public StationSummary Snapshot() => new(
        day.StationId,
        day.Date,
        packages,
        Volatile.Read(ref scheduled),
        Volatile.Read(ref newCodes),
        Volatile.Read(ref returnedToShipper),
        Volatile.Read(ref notReturned),
        Volatile.Read(ref alreadyHandled),
        Volatile.Read(ref failed));
}

/// <summary>
/// Progress on an interactive terminal: each station's line is redrawn in place while its packages are
/// handled (at most ten times a second) and left standing when the station is done.
/// </summary>
public sealed class ConsoleProgress(TextWriter writer) : IProgress<StationSummary>
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly HashSet<StationDay> finished = [];
    private long lastDraw;
    private int lastLength;

    public void Report(StationSummary value)
    {
        lock (gate)
        {
            // Reports arrive from parallel workers, so an older snapshot may come after the final one.
            var day = new StationDay(value.StationId, value.Date);
            if (finished.Contains(day)) return;
            if (!value.IsComplete && Stopwatch.GetElapsedTime(lastDraw) < RedrawInterval) return;

            var line = SummaryText.Line(value);
            writer.Write('\r');
            writer.Write(line.PadRight(lastLength));
            lastDraw = Stopwatch.GetTimestamp();
            lastLength = line.Length;
            if (value.IsComplete)
            {
                finished.Add(day);
                writer.WriteLine();
                lastLength = 0;
            }

            writer.Flush();
        }
    }
}

/// <summary>
/// One run's summary as counts (<c>otpgrains.redelivery.packages</c>, by result). The job is short-lived,
/// so nothing scrapes it: the counts leave over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// flushed when the client host is disposed at the end of the run.
/// </summary>
public sealed class RedeliveryMetrics(IMeterFactory meters)
{
    private readonly Counter<long> packages = meters.Create(OtpTelemetry.MeterName).CreateCounter<long>(
        "otpgrains.redelivery.packages",
        description: "Packages the redelivery job handled, by result: scheduled (new_code is the part of them with a new code), returned_to_shipper, not_returned (not yet scanned back at the station), failed.");

    public void Record(RedeliverySummary summary)
    {
        Add("scheduled", summary.Scheduled);
        Add("new_code", summary.NewCodes);
        Add("returned_to_shipper", summary.ReturnedToShipper);
        Add("not_returned", summary.NotReturned);
        Add("failed", summary.Failed);
    }

    // Zero counts are recorded too, so a run that found nothing still shows up as a run.
    private void Add(string result, int count) => packages.Add(count, new KeyValuePair<string, object?>("result", result));
}
