using OtpGrains.Domain.Stations;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Routes;

/// <summary>
/// One route of one station. Building it puts each package out for delivery with the driver;
/// a route can be rebuilt, and stops removed, until its block starts (<see cref="RouteRules"/>).
/// </summary>
public sealed class RouteGrain(
    [PersistentState("route", OtpStorage.Name)] IPersistentState<RouteState> route,
    DeliveryPolicy policy,
    StationDirectory stations,
    DeliveryClock clock) : Grain, IRouteGrain
{
    private (string StationId, string RouteId)? key;

    // The key never changes for an activation: read it once, not at every use.
    private (string StationId, string RouteId) Key => key ??= GrainKeys.ParseRoute(this.GetPrimaryKeyString());

    private string StationId => Key.StationId;

    private string RouteId => Key.RouteId;

    public async Task<Result<RouteState>> Build(BuildRoute plan)
    {
        var planned = RouteRules.Plan(route.State, StationId, RouteId, plan, stations.For(StationId), clock.Now, policy);
        if (planned.Value is not { } build) return planned.Cast<RouteState>();

        var stops = ImmutableList.CreateBuilder<RouteStop>();
        foreach (var trackingId in build.TrackingIds)
        {
            var assigned = await Package(trackingId).Assign(build.Stop);
            if (!assigned.IsOk)
            {
                foreach (var added in build.Added(stops)) await Package(added).Unassign(StationId, RouteId);
                return assigned.Cast<RouteState>();
            }
            stops.Add(build.StopFor(trackingId, assigned.Value!.OtpRequired));
        }

        foreach (var dropped in build.Dropped) await Package(dropped).Unassign(StationId, RouteId);
        var next = build.Built(stops.ToImmutable());
        await route.Commit(next);
        if (build.Left(next) is { } left) await Driver(left.DriverId).RemoveRoute(left.Route);
        await Driver(next.DriverId).AddRoute(build.Joined(next));
        return Result<RouteState>.Ok(next);
    }

    public async Task<Result<RouteState>> RemoveStop(string trackingId)
    {
        if (RouteRules.Removal(route.State, trackingId, stations.For(StationId), clock.Now) is { } answer) return answer;
        var removed = await Package(trackingId).Unassign(StationId, RouteId);
        if (!removed.IsOk) return removed.Cast<RouteState>();
        await route.Commit(RouteRules.Without(route.State, trackingId));
        return Result<RouteState>.Ok(route.State);
    }

    public Task<RouteState?> Get() => Task.FromResult(route.State.IsBuilt ? route.State : null);

    public async Task<RouteItinerary?> Itinerary(string driverId, DateOnly date)
    {
        var built = route.State;
        if (!built.IsBuilt || built.DriverId != driverId || built.Date != date) return null;
        // A package that left the route (or this driver) since answers no stop, or another route's: left out.
        var lines = await Task.WhenAll(built.Stops.Select(async stop =>
            await Package(stop.TrackingId).GetStop(driverId) is { } view && RouteRules.Shows(built, view) ? new ItineraryLine(view, stop.Warnings) : null));
        return new RouteItinerary(built.StationId, built.RouteId, built.BlockStart, built.BlockEnd, [.. lines.OfType<ItineraryLine>()]);
    }

    private IPackageGrain Package(string trackingId) => GrainFactory.Reference<IPackageGrain>(trackingId);

    private IDriverGrain Driver(string driverId) => GrainFactory.Reference<IDriverGrain>(driverId);
}
