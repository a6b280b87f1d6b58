using OtpGrains.Domain.Drivers;
using OtpGrains.Domain.Packages;
using OtpGrains.Domain.Stations;

namespace OtpGrains.Domain.Routes;

/// <summary>
/// Building a route and taking stops off it, until its block starts. The route grain only carries
/// out what these decide: it asks each package to take its stop, writes the route, and tells the drivers.
/// </summary>
public static class RouteRules
{
    /// <summary>Whether <paramref name="plan"/> may be built on <paramref name="current"/> now, and if so what the build will do.</summary>
    public static Result<RouteBuild> Plan(RouteState current, string stationId, string routeId, BuildRoute plan,
        StationCalendar calendar, DateTimeOffset now, DeliveryPolicy policy)
    {
        if (plan.BlockStart >= plan.BlockEnd || !policy.IsInDeliveryWindow(plan.BlockStart) || plan.BlockEnd > policy.DeliveryWindowEnd)
            return Result<RouteBuild>.Refuse(Fault.ValidationFailed,
                $"A block must start before it ends, within {policy.DeliveryWindowStart:HH\\:mm}-{policy.DeliveryWindowEnd:HH\\:mm}.");
        if (current.IsBuilt && HasStarted(current, calendar, now) || now >= calendar.ToInstant(plan.Date, plan.BlockStart))
            return Result<RouteBuild>.Refuse(Fault.RouteStarted, "The route's block has started.");
        var stop = new StopAssignment(stationId, routeId, plan.DriverId, plan.Date, plan.BlockStart, plan.BlockEnd);
        return Result<RouteBuild>.Ok(new RouteBuild(current, stop, plan.TrackingIds.Distinct().ToImmutableList(), policy));
    }

    /// <summary>
    /// Whether <paramref name="trackingId"/> may come off <paramref name="route"/> now: null when it may,
    /// else the answer to give (the same route again when it already came off: a repeated removal).
    /// </summary>
    public static Result<RouteState>? Removal(RouteState route, string trackingId, StationCalendar calendar, DateTimeOffset now)
    {
        var onRoute = route.Stops.Any(s => s.TrackingId == trackingId);
        if (route.Removed.Contains(trackingId) && !onRoute) return Result<RouteState>.Ok(route);
        if (!route.IsBuilt || !onRoute) return Result<RouteState>.Refuse(Fault.NotFound, $"Package {trackingId} is not on route {route.RouteId}.");
        if (HasStarted(route, calendar, now)) return Result<RouteState>.Refuse(Fault.RouteStarted, "The route's block has started.");
        return null;
    }

    /// <summary><paramref name="route"/> once <paramref name="trackingId"/> came off it.</summary>
    public static RouteState Without(RouteState route, string trackingId) => route with
    {
        Stops = route.Stops.RemoveAll(s => s.TrackingId == trackingId),
        Removed = route.Removed.Add(trackingId),
    };

    /// <summary>
    /// Whether a stop a package answered belongs in this route's itinerary. The route's list of stops
    /// is what it was built with; a package that since went out on another route (or on another day)
    /// with the same driver answers that stop, which is not this route's. A view without a route came
    /// from a silo of the version before and is taken as it always was.
    /// </summary>
    public static bool Shows(RouteState built, StopView view) =>
        view.RouteId is null || (view.RouteId == built.RouteId && view.Date == built.Date);

    public static bool HasStarted(RouteState built, StationCalendar calendar, DateTimeOffset now) => now >= calendar.ToInstant(built.Date, built.BlockStart);
}

/// <summary>
/// One accepted build: every package in <see cref="TrackingIds"/> takes <see cref="Stop"/>, all or
/// nothing. If one refuses, the stops this build added come off again (<see cref="Added"/>) and the
/// route stays as it was; otherwise the stops of the earlier build it leaves out come off
/// (<see cref="Dropped"/>) and <see cref="Built"/> is the new route.
/// </summary>
public sealed record RouteBuild(RouteState Previous, StopAssignment Stop, ImmutableList<string> TrackingIds, DeliveryPolicy Policy)
{
    /// <summary>The stop of a package that took it, with the advice its block calls for.</summary>
    public RouteStop StopFor(string trackingId, bool otpRequired) =>
        new(trackingId, otpRequired, BlockAdvice.For(otpRequired, Stop.BlockStart, Stop.BlockEnd, Policy));

    /// <summary>Of the packages that took their stop so far, those the earlier build did not have.</summary>
    public IEnumerable<string> Added(IEnumerable<RouteStop> taken) =>
        taken.Select(s => s.TrackingId).Where(id => !Previous.Stops.Any(p => p.TrackingId == id));

    public IEnumerable<string> Dropped => Previous.Stops.Select(p => p.TrackingId).Where(id => !TrackingIds.Contains(id));

    public RouteState Built(ImmutableList<RouteStop> stops) => new()
    {
        StationId = Stop.StationId, RouteId = Stop.RouteId, DriverId = Stop.DriverId, Date = Stop.Date,
        BlockStart = Stop.BlockStart, BlockEnd = Stop.BlockEnd, Stops = stops,
        Removed = Previous.Removed.Except(TrackingIds),
    };

    /// <summary>The driver who no longer has this route on the earlier date, when the build moved it.</summary>
    public (string DriverId, DriverRoute Route)? Left(RouteState next) =>
        Previous.IsBuilt && (Previous.DriverId != next.DriverId || Previous.Date != next.Date)
            ? (Previous.DriverId, new DriverRoute(Previous.Date, Stop.StationId, Stop.RouteId))
            : null;

    public DriverRoute Joined(RouteState next) => new(next.Date, Stop.StationId, Stop.RouteId);
}

/// <summary>
/// Warnings for OTP stops in blocks that reach outside customer-friendly hours, where nobody may be
/// awake to read out a code. The advice favours the end of an early block or the start of a late one.
/// </summary>
public static class BlockAdvice
{
    public const string EarlyBlock = "early-block";
    public const string LateBlock = "late-block";

    public static ImmutableList<string> For(bool otpRequired, TimeOnly blockStart, TimeOnly blockEnd, DeliveryPolicy policy)
    {
        if (!otpRequired) return [];
        var warnings = ImmutableList.CreateBuilder<string>();
        if (blockStart < policy.CustomerFriendlyStart)
            warnings.Add($"{EarlyBlock}: the block starts before {policy.CustomerFriendlyStart:HH\\:mm}; deliver this OTP stop at the end of the block, or remove it before the route starts.");
        if (blockEnd > policy.CustomerFriendlyEnd)
            warnings.Add($"{LateBlock}: the block ends after {policy.CustomerFriendlyEnd:HH\\:mm}; deliver this OTP stop at the start of the block, or remove it before the route starts.");
        return warnings.ToImmutable();
    }
}
