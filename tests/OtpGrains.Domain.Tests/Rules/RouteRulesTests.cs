using OtpGrains.Domain.Stations;

namespace OtpGrains.Tests.Rules;

/// <summary>Route building and stop removal, decided without a cluster.</summary>
public sealed class RouteRulesTests
{
    private static readonly DeliveryPolicy Policy = new();
    private static readonly StationCalendar Utc = new("S1", new StationOptions { TimeZone = "UTC" });
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly DateTimeOffset Morning = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static BuildRoute Plan(string driver = "D-1", int start = 12, int end = 18, params string[] ids) =>
        new(driver, Day, new TimeOnly(start, 0), new TimeOnly(end, 0), [.. ids.Length == 0 ? ["P-1", "P-2"] : ids]);

    private static RouteState Built(RouteBuild build) =>
        build.Built([.. build.TrackingIds.Select(id => build.StopFor(id, otpRequired: true))]);

    private static RouteBuild Accepted(RouteState current, BuildRoute plan, DateTimeOffset? now = null)
    {
        var result = RouteRules.Plan(current, "S1", "R-1", plan, Utc, now ?? Morning, Policy);
        Assert.True(result.IsOk, result.Detail);
        return result.Value!;
    }

    [Theory]
    [InlineData(12, 12, false)] // ends as it starts
    [InlineData(14, 12, false)] // ends before it starts
    [InlineData(2, 10, false)]  // starts before the 03:00 window
    [InlineData(20, 23, true)]  // ends at 23:00: the end of the window is allowed
    [InlineData(22, 23, true)]
    [InlineData(23, 23, false)]
    public void A_block_lies_inside_the_delivery_window_and_starts_before_it_ends(int start, int end, bool ok)
    {
        var result = RouteRules.Plan(new RouteState(), "S1", "R-1", Plan(start: start, end: end), Utc, Morning, Policy);

        Assert.Equal(ok, result.IsOk);
        if (!ok) Assert.Equal(Fault.ValidationFailed, result.Fault);
    }

    [Fact]
    public void A_block_that_has_begun_cannot_be_built_nor_a_built_route_rebuilt_once_its_own_block_began()
    {
        var atNoon = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(Fault.RouteStarted, RouteRules.Plan(new RouteState(), "S1", "R-1", Plan(), Utc, atNoon, Policy).Fault);

        // Built for 10:00, rebuilt at 10:30 for a later block: the built block has begun, so no.
        var early = Built(Accepted(new RouteState(), Plan(start: 10, end: 12), Morning));
        var later = RouteRules.Plan(early, "S1", "R-1", Plan(start: 14, end: 18), Utc, Morning.AddMinutes(90), Policy);
        Assert.Equal(Fault.RouteStarted, later.Fault);
    }

    [Fact]
    public void A_build_takes_each_package_once_in_order_with_advice_for_its_block()
    {
        var build = Accepted(new RouteState(), Plan(start: 7, end: 12, ids: ["P-2", "P-1", "P-2"]), now: Morning.AddHours(-3));
        var route = Built(build);

        Assert.Equal(["P-2", "P-1"], build.TrackingIds);
        Assert.Equal(new StopAssignment("S1", "R-1", "D-1", Day, new TimeOnly(7, 0), new TimeOnly(12, 0)), build.Stop);
        Assert.All(route.Stops, s => Assert.StartsWith(BlockAdvice.EarlyBlock, Assert.Single(s.Warnings), StringComparison.Ordinal));
        Assert.Empty(build.StopFor("P-3", otpRequired: false).Warnings);
        Assert.Equal(("S1", "R-1", "D-1", Day), (route.StationId, route.RouteId, route.DriverId, route.Date));
    }

    [Fact]
    public void A_failed_build_takes_back_only_the_stops_it_added_and_a_rebuild_drops_the_ones_it_leaves_out()
    {
        var first = Built(Accepted(new RouteState(), Plan(ids: ["P-1", "P-2"])));
        var rebuild = Accepted(first, Plan(ids: ["P-2", "P-3", "P-4"]));

        // P-2 and P-3 took their stop, then P-4 refused: only P-3 was new, so only P-3 comes off again.
        Assert.Equal(["P-3"], rebuild.Added([rebuild.StopFor("P-2", true), rebuild.StopFor("P-3", true)]));
        // Had every package taken it: P-1, left out, comes off.
        Assert.Equal(["P-1"], rebuild.Dropped);
    }

    [Fact]
    public void A_rebuild_for_another_driver_or_day_moves_the_route_between_driver_records()
    {
        var first = Built(Accepted(new RouteState(), Plan(driver: "D-1")));

        var sameDriver = Accepted(first, Plan(driver: "D-1", ids: ["P-1"]));
        Assert.Null(sameDriver.Left(Built(sameDriver)));

        var otherDriver = Accepted(first, Plan(driver: "D-2"));
        var next = Built(otherDriver);
        Assert.Equal(("D-1", new DriverRoute(Day, "S1", "R-1")), otherDriver.Left(next));
        Assert.Equal(new DriverRoute(Day, "S1", "R-1"), otherDriver.Joined(next));
        Assert.Null(Accepted(new RouteState(), Plan()).Left(next));
    }

    [Fact]
    public void A_stop_comes_off_once_before_the_block_and_a_repeated_removal_answers_the_same()
    {
        var route = Built(Accepted(new RouteState(), Plan()));

        Assert.Null(RouteRules.Removal(route, "P-1", Utc, Morning));
        var without = RouteRules.Without(route, "P-1");
        Assert.Equal(["P-2"], without.Stops.Select(s => s.TrackingId));
        Assert.Contains("P-1", without.Removed);

        var again = RouteRules.Removal(without, "P-1", Utc, Morning);
        Assert.True(again!.IsOk);
        Assert.Same(without, again.Value);
        Assert.Equal(Fault.NotFound, RouteRules.Removal(without, "P-9", Utc, Morning)!.Fault);
        Assert.Equal(Fault.NotFound, RouteRules.Removal(new RouteState(), "P-1", Utc, Morning)!.Fault);
        Assert.Equal(Fault.RouteStarted, RouteRules.Removal(without, "P-2", Utc, Morning.AddHours(3))!.Fault);

        // Put back on the route by a rebuild, it is no longer "removed".
        Assert.DoesNotContain("P-1", Built(Accepted(without, Plan(ids: ["P-1", "P-2"]))).Removed);
    }

    [Fact]
    public void A_route_shows_only_the_packages_whose_stop_is_still_on_it()
    {
        // Out on R-1 with D-1, failed, redelivered on a later day's route with the same driver.
        var scenario = PackageScenario.OtpOutForDelivery();
        var first = StopRules.Stop(scenario.State, PackageScenario.Driver, scenario.Ctx)!;
        var firstRoute = new RouteState { RouteId = PackageScenario.Route, Date = scenario.State.Day!.Date };
        Assert.Equal((PackageScenario.Route, scenario.State.Day.Date), (first.RouteId, first.Date));
        Assert.True(RouteRules.Shows(firstRoute, first));

        scenario.FailAndReturn();
        scenario.RunRedelivery();
        scenario.GoOutOnRedeliveryDay();
        var later = StopRules.Stop(scenario.State, PackageScenario.Driver, scenario.Ctx)!;
        var laterRoute = new RouteState { RouteId = scenario.State.Day!.RouteId, Date = scenario.State.Day.Date };

        Assert.False(RouteRules.Shows(firstRoute, later));
        Assert.True(RouteRules.Shows(laterRoute, later));
        // The same route id on another day is another route.
        Assert.False(RouteRules.Shows(firstRoute with { RouteId = laterRoute.RouteId }, later));
        // A view from a silo of the version before names no route and is shown as before.
        Assert.True(RouteRules.Shows(firstRoute, later with { RouteId = null, Date = null }));
    }
}
