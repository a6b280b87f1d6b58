namespace OtpGrains.Domain.Packages;

/// <summary>A driver command's first answer, stored with the state change it caused.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StoredReply")]
public sealed record StoredReply(
    [property: Id(0)] DriverCommandKind Kind,
    [property: Id(1)] DriverReply Reply,
    [property: Id(2)] DateTimeOffset At);
