namespace OtpGrains.Domain.Drivers;

/// <summary>A driver's record over the rolling window. <see cref="Reliability"/> is null before any finished stop.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.ReliabilityReport")]
public sealed record ReliabilityReport(
    [property: Id(0)] string DriverId,
    [property: Id(1)] int WindowDays,
    [property: Id(2)] int Assigned,
    [property: Id(3)] int Delivered,
    [property: Id(4)] ImmutableDictionary<UndeliverableReason, int> Undeliverable,
    [property: Id(5)] int Excused,
    [property: Id(6)] int RemovedBeforeStart,
    [property: Id(7)] int LateReturns,
    [property: Id(8)] int FallbackDeliveries,
    [property: Id(9)] double? Reliability);
