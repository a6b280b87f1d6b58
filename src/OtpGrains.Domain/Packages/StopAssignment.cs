namespace OtpGrains.Domain.Packages;

/// <summary>A station putting a package on a driver's route for a date.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StopAssignment")]
public sealed record StopAssignment(
    [property: Id(0)] string StationId,
    [property: Id(1)] string RouteId,
    [property: Id(2)] string DriverId,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] TimeOnly BlockStart,
    [property: Id(5)] TimeOnly BlockEnd);
