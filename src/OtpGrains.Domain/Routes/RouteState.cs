namespace OtpGrains.Domain.Routes;

/// <summary>A built route: who drives it, when, and its stops in order.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.RouteState")]
public sealed record RouteState
{
    [Id(0)] public string StationId { get; init; } = "";
    [Id(1)] public string RouteId { get; init; } = "";
    [Id(2)] public string DriverId { get; init; } = "";
    [Id(3)] public DateOnly Date { get; init; }
    [Id(4)] public TimeOnly BlockStart { get; init; }
    [Id(5)] public TimeOnly BlockEnd { get; init; }
    [Id(6)] public ImmutableList<RouteStop> Stops { get; init; } = [];

    /// <summary>Stops taken off before the block started, so that repeating a removal answers the same.</summary>
    [Id(7)] public ImmutableHashSet<string> Removed { get; init; } = [];

    [JsonIgnore] public bool IsBuilt => DriverId.Length > 0;
}
