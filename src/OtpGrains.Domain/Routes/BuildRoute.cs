namespace OtpGrains.Domain.Routes;

/// <summary>Station staff's plan for one driver's block on one date.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.BuildRoute")]
public sealed record BuildRoute(
    [property: Id(0)] string DriverId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly BlockStart,
    [property: Id(3)] TimeOnly BlockEnd,
    [property: Id(4)] ImmutableList<string> TrackingIds);
