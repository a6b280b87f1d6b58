using OtpGrains.Domain.Drivers;

namespace OtpGrains.Domain.Packages;

/// <summary>A package's stop: putting it on a driver's route, taking it off before the block starts, and its itinerary line.</summary>
public static class StopRules
{
    public static Decision<Result<PackageView>> Assign(PackageState state, StopAssignment stop, bool customerFlagged, DeliveryContext ctx)
    {
        if (!ctx.Policy.IsInDateWindow(stop.Date, ctx.Now))
            return state.Refuse<PackageView>(Fault.ValidationFailed, $"A route's date must be from yesterday to {ctx.Policy.MaxDaysAhead} days ahead (UTC).");
        if (state.Registration is null || state.Registration.StationId != stop.StationId)
            return state.Refuse<PackageView>(Fault.NotFound, $"No package {ctx.TrackingId} at station {stop.StationId}.");

        var actor = $"station:{stop.StationId}";
        if (state.Status == PackageStatus.OutForDelivery && state.Day is { } day && day.RouteId == stop.RouteId && day.Date == stop.Date)
        {
            // The same route built again before it starts: keep the day, follow a change of driver or block.
            if (day.DriverId == stop.DriverId && day.BlockStart == stop.BlockStart && day.BlockEnd == stop.BlockEnd)
                return state.Answer(state.View(ctx));
            var moved = state with { Day = day with { DriverId = stop.DriverId, BlockStart = stop.BlockStart, BlockEnd = stop.BlockEnd } };
            if (day.DriverId != stop.DriverId)
                moved = moved.WithDriverEvent(ctx, day.DriverId, DriverEventKind.RemovedBeforeStart)
                    .WithDriverEvent(ctx, stop.DriverId, DriverEventKind.Assigned)
                    .Audited(ctx, actor, "route", $"reassigned to {stop.DriverId}");
            return moved.Change(moved.View(ctx));
        }

        if (!CanGoOut(state, stop.Date))
            return state.Refuse<PackageView>(Fault.InvalidState, $"Package {ctx.TrackingId} is {state.Status} and cannot go out for delivery on {IsoDate.Format(stop.Date)}.");

        var next = (state with
        {
            Day = new DeliveryDay(stop.Date, stop.RouteId, stop.DriverId, stop.BlockStart, stop.BlockEnd, state.Status),
        }).WithCustomerFlag(customerFlagged)
            .Moved(ctx, actor, PackageStatus.OutForDelivery)
            .WithDriverEvent(ctx, stop.DriverId, DriverEventKind.Assigned);
        return next.Change(next.View(ctx));
    }

    /// <summary>Whether the package may go out for delivery on <paramref name="date"/>: shipped, or scheduled for redelivery on or before it.</summary>
    public static bool CanGoOut(PackageState state, DateOnly date) =>
        state.Status == PackageStatus.Shipped
        || (state.Status == PackageStatus.ScheduledForRedelivery && state.RedeliveryDate is { } redelivery && redelivery <= date);

    /// <summary>Takes the stop off the route before its block starts; the driver's record shows a removal, not a failure.</summary>
    public static Decision<Result<PackageView>> Unassign(PackageState state, string stationId, string routeId, DeliveryContext ctx)
    {
        if (state.Day is not { } day || day.RouteId != routeId || state.Registration?.StationId != stationId)
            return state.Refuse<PackageView>(Fault.NotFound, $"Package {ctx.TrackingId} is not on route {routeId}.");
        if (state.Status != PackageStatus.OutForDelivery || day.WrongEntries > 0)
            return state.Refuse<PackageView>(Fault.RouteStarted, "The stop has been worked on and can no longer be removed.");
        var next = (state with { Day = null })
            .Moved(ctx, $"station:{stationId}", day.StatusBefore)
            .WithDriverEvent(ctx, day.DriverId, DriverEventKind.RemovedBeforeStart);
        return next.Change(next.View(ctx));
    }

    public static StopView? Stop(PackageState state, string driverId, DeliveryContext ctx)
    {
        if (state.Day is not { } day || day.DriverId != driverId) return null;
        var attemptsLeft = AttemptsLeft(state, ctx.Policy);
        return new StopView(ctx.TrackingId, state.Status, state.OtpRequired, attemptsLeft, DoorstepRules.FallbackRefusal(state, ctx) is null, day.RouteId, day.Date);
    }

    public static int AttemptsLeft(PackageState state, DeliveryPolicy policy) =>
        state.Day is { } day ? Math.Max(0, policy.AttemptsPerDay - day.WrongEntries) : policy.AttemptsPerDay;
}
