namespace OtpGrains.Contracts;

/// <summary>One route, keyed <c>{stationId}/{routeId}</c>.</summary>
[Alias("otpgrains.IRouteGrain")]
public interface IRouteGrain : IGrainWithStringKey
{
    /// <summary>Builds or rebuilds the route until its block starts.</summary>
    [Alias("Build")] Task<Result<RouteState>> Build(BuildRoute plan);

    [Alias("RemoveStop")] Task<Result<RouteState>> RemoveStop(string trackingId);

    [Alias("Get")] Task<RouteState?> Get();
}
