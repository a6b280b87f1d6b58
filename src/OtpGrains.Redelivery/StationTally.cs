using System.Collections.Concurrent;

namespace OtpGrains.Redelivery;

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
