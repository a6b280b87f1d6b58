namespace OtpGrains.Domain.Packages;

/// <summary>A delivery day that ended undelivered, and what has happened since.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.FailedDay")]
public sealed record FailedDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string DriverId,
    [property: Id(2)] UndeliverableReason Reason,
    [property: Id(3)] bool EndedLocked,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset ReturnBy,
    [property: Id(6)] string FailureEventId)
{
    [Id(7)] public DateTimeOffset? ReturnedAt { get; init; }
    [Id(8)] public bool Excused { get; init; }
    [Id(9)] public bool RedeliveryDone { get; init; }

    [JsonIgnore] public bool? ReturnedOnTime => ReturnedAt is { } at ? at <= ReturnBy : null;
}
