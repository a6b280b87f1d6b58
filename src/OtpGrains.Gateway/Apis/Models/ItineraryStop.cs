namespace OtpGrains.Gateway.Apis;

public sealed record ItineraryStop(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    int AttemptsLeft,
    bool FallbackAvailable,
    IReadOnlyList<string> Warnings);
