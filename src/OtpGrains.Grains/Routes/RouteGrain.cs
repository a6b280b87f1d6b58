using OtpGrains.Domain.Stations;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Routes;

/// <summary>
/// One route of one station. Building it puts each package out for delivery with the driver;
/// a route can be rebuilt, and stops removed, until its block starts.
/// </summary>
public sealed class RouteGrain(
    [PersistentState("route", OtpStorage.Name)] IPersistentState<RouteState> route,
    DeliveryPolicy policy,
    StationDirectory stations,
    DeliveryClock clock) : Grain, IRouteGrain
{
    private string StationId => this.GetPrimaryKeyString().Split('/')[0];

    private string RouteId => this.GetPrimaryKeyString().Split('/', 2)[1];

    public async Task<Result<RouteState>> Build(BuildRoute plan)
    {
        if (plan.BlockStart >= plan.BlockEnd || !policy.IsInDeliveryWindow(plan.BlockStart) || plan.BlockEnd > policy.DeliveryWindowEnd)
            return Result<RouteState>.Refuse(Fault.ValidationFailed,
                $"A block must start before it ends, within {policy.DeliveryWindowStart:HH\\:mm}-{policy.DeliveryWindowEnd:HH\\:mm}.");
        var calendar = stations.For(StationId);
        if (route.State.IsBuilt && HasStarted(route.State, calendar) || clock.Now >= calendar.ToInstant(plan.Date, plan.BlockStart))
            return Result<RouteState>.Refuse(Fault.RouteStarted, "The route's block has started.");

        var previous = route.State;
        var trackingIds = plan.TrackingIds.Distinct().ToList();
        var stop = new StopAssignment(StationId, RouteId, plan.DriverId, plan.Date, plan.BlockStart, plan.BlockEnd);
        var stops = ImmutableList.CreateBuilder<RouteStop>();
        foreach (var trackingId in trackingIds)
        {
            var assigned = await Package(trackingId).Assign(stop);
            if (!assigned.IsOk)
            {
                // All or nothing: take back what this build put on the route.
                foreach (var added in stops.Where(s => !previous.Stops.Any(p => p.TrackingId == s.TrackingId)))
                    await Package(added.TrackingId).Unassign(StationId, RouteId);
                return assigned.Cast<RouteState>();
            }
            var otp = assigned.Value!.OtpRequired;
            stops.Add(new RouteStop(trackingId, otp, BlockAdvice.For(otp, plan.BlockStart, plan.BlockEnd, policy)));
        }

        foreach (var dropped in previous.Stops.Where(p => !trackingIds.Contains(p.TrackingId)))
            await Package(dropped.TrackingId).Unassign(StationId, RouteId);

        var next = new RouteState
        {
            StationId = StationId, RouteId = RouteId, DriverId = plan.DriverId, Date = plan.Date,
            BlockStart = plan.BlockStart, BlockEnd = plan.BlockEnd, Stops = stops.ToImmutable(),
            Removed = previous.Removed.Except(trackingIds),
        };
        await route.Commit(next);
        if (previous.IsBuilt && (previous.DriverId != next.DriverId || previous.Date != next.Date))
            await Driver(previous.DriverId).RemoveRoute(new DriverRoute(previous.Date, StationId, RouteId));
        await Driver(next.DriverId).AddRoute(new DriverRoute(next.Date, StationId, RouteId));
        return Result<RouteState>.Ok(next);
    }

    public async Task<Result<RouteState>> RemoveStop(string trackingId)
    {
        if (route.State.Removed.Contains(trackingId) && !route.State.Stops.Any(s => s.TrackingId == trackingId))
            return Result<RouteState>.Ok(route.State);
        if (!route.State.IsBuilt || !route.State.Stops.Any(s => s.TrackingId == trackingId))
            return Result<RouteState>.Refuse(Fault.NotFound, $"Package {trackingId} is not on route {RouteId}.");
        if (HasStarted(route.State, stations.For(StationId)))
            return Result<RouteState>.Refuse(Fault.RouteStarted, "The route's block has started.");
        var removed = await Package(trackingId).Unassign(StationId, RouteId);
        if (!removed.IsOk) return removed.Cast<RouteState>();
        await route.Commit(route.State with
        {
            Stops = route.State.Stops.RemoveAll(s => s.TrackingId == trackingId),
            Removed = route.State.Removed.Add(trackingId),
        });
        return Result<RouteState>.Ok(route.State);
    }

    public Task<RouteState?> Get() => Task.FromResult(route.State.IsBuilt ? route.State : null);

    private bool HasStarted(RouteState built, StationCalendar calendar) => clock.Now >= calendar.ToInstant(built.Date, built.BlockStart);

    private IPackageGrain Package(string trackingId) => GrainFactory.GetGrain<IPackageGrain>(trackingId);

    private IDriverGrain Driver(string driverId) => GrainFactory.GetGrain<IDriverGrain>(driverId);
}
