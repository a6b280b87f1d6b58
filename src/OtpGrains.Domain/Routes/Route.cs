namespace OtpGrains.Domain.Routes;

/// <summary>Station staff's plan for one driver's block on one date.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.BuildRoute")]
public sealed record BuildRoute(
    [property: Id(0)] string DriverId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly BlockStart,
    [property: Id(3)] TimeOnly BlockEnd,
    [property: Id(4)] ImmutableList<string> TrackingIds);

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

[GenerateSerializer, Immutable, Alias("otpgrains.RouteStop")]
public sealed record RouteStop(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] bool OtpRequired,
    [property: Id(2)] ImmutableList<string> Warnings);

/// <summary>
/// One route as its driver sees it on the day: the block and, for each stop still on it and still
/// the driver's, the package's own view of the stop with the route's advice for its block.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.RouteItinerary")]
public sealed record RouteItinerary(
    [property: Id(0)] string StationId,
    [property: Id(1)] string RouteId,
    [property: Id(2)] TimeOnly BlockStart,
    [property: Id(3)] TimeOnly BlockEnd,
    [property: Id(4)] ImmutableList<ItineraryLine> Stops);

/// <summary>One stop of a <see cref="RouteItinerary"/>.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.ItineraryLine")]
public sealed record ItineraryLine(
    [property: Id(0)] Packages.StopView Stop,
    [property: Id(1)] ImmutableList<string> Warnings);
