namespace OtpGrains.Domain.Packages;

/// <summary>One day on one driver's route, with that day's own attempt budget.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DeliveryDay")]
public sealed record DeliveryDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string RouteId,
    [property: Id(2)] string DriverId,
    [property: Id(3)] TimeOnly BlockStart,
    [property: Id(4)] TimeOnly BlockEnd,
    [property: Id(5)] PackageStatus StatusBefore,
    [property: Id(6)] bool CustomerFlagged)
{
    [Id(7)] public int WrongEntries { get; init; }
    [Id(8)] public int FallbacksUsed { get; init; }
}
