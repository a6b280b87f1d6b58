namespace OtpGrains.Domain.Packages;

/// <summary>One stop as the assigned driver sees it on the itinerary.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StopView")]
public sealed record StopView(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] bool OtpRequired,
    [property: Id(3)] int AttemptsLeft,
    [property: Id(4)] bool FallbackAvailable);
