namespace OtpGrains.Contracts;

/// <summary>One route, keyed <c>{stationId}/{routeId}</c>.</summary>
[Alias("otpgrains.IRouteGrain")]
public interface IRouteGrain : IGrainWithStringKey
{
    /// <summary>Builds or rebuilds the route until its block starts.</summary>
    [Alias("Build")] Task<Result<RouteState>> Build(BuildRoute plan);

    [Alias("RemoveStop")] Task<Result<RouteState>> RemoveStop(string trackingId);

    [Alias("Get")] Task<RouteState?> Get();

    /// <summary>
    /// The route for <paramref name="driverId"/> on <paramref name="date"/>, with each stop as its package
    /// sees it; null when the route is not that driver's on that date. The route asks its packages
    /// itself, so a driver's itinerary is one call from the gateway per route, not one per stop.
    /// </summary>
    [Alias("Itinerary"), Orleans.Concurrency.ReadOnly] Task<RouteItinerary?> Itinerary(string driverId, DateOnly date);
}
