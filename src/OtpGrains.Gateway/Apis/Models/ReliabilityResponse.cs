namespace OtpGrains.Gateway.Apis;

/// <summary>
/// A driver's record over the rolling window. <c>undeliverable</c> is the total; <c>undeliverableByReason</c>
/// splits it. <c>reliability</c> is null before any finished stop.
/// </summary>
public sealed record ReliabilityResponse(
    string DriverId,
    int WindowDays,
    int Assigned,
    int Delivered,
    int Undeliverable,
    IReadOnlyDictionary<UndeliverableReason, int> UndeliverableByReason,
    int Excused,
    int RemovedBeforeStart,
    int LateReturns,
    int FallbackDeliveries,
    double? Reliability)
{
    public static ReliabilityResponse From(ReliabilityReport r) => new(
        r.DriverId, r.WindowDays, r.Assigned, r.Delivered, r.Undeliverable.Values.Sum(), r.Undeliverable,
        r.Excused, r.RemovedBeforeStart, r.LateReturns, r.FallbackDeliveries, r.Reliability);
}
