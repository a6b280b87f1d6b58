namespace OtpGrains.Gateway.Apis;

/// <summary>The verdict on a code or phone-digit entry.</summary>
public sealed record AttemptResponse(string TrackingId, AttemptOutcome Outcome, PackageStatus Status, int AttemptsLeft);
