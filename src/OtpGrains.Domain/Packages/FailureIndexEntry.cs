namespace OtpGrains.Domain.Packages;

/// <summary>Puts a package into its station's per-day index of failed deliveries.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.FailureIndexEntry")]
public sealed record FailureIndexEntry(
    [property: Id(0)] string StationId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string TrackingId);
