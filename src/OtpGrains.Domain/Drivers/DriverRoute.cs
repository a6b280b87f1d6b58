namespace OtpGrains.Domain.Drivers;

/// <summary>A route a driver drives on a date.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverRoute")]
public sealed record DriverRoute(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string StationId,
    [property: Id(2)] string RouteId);
