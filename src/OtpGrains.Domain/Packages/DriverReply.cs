namespace OtpGrains.Domain.Packages;

/// <summary>
/// The answer to a driver command, kept whole so that a replay with the same idempotency key gets
/// exactly the first answer back.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverReply")]
public sealed record DriverReply(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] PackageStatus Status,
    [property: Id(2)] AttemptOutcome? Outcome = null,
    [property: Id(3)] int? AttemptsLeft = null,
    [property: Id(4)] DateTimeOffset? ReturnBy = null,
    [property: Id(5)] Fault? Fault = null,
    [property: Id(6)] string? Detail = null,
    [property: Id(7)] int? RetryAfterSeconds = null);
