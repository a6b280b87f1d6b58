namespace OtpGrains.Domain.Packages;

/// <summary>A customer's report that a delivered package never reached them.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.MissingReport")]
public sealed record MissingReport(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string TrackingId,
    [property: Id(2)] DateTimeOffset At);
