using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class RouteAssignmentTests
{
    private static readonly DateOnly Friday = new(2026, 11, 27);

    private static PackageScenario Shipped() => new PackageScenario().Register(Order(requireOtp: true)).Ship();

    [Fact]
    public void Shipped_package_goes_out_for_delivery_with_the_driver_for_that_day()
    {
        var scenario = Shipped();

        var decision = StopRules.Assign(scenario.State, scenario.Stop(), false, scenario.Ctx);

        Assert.True(decision.Reply.IsOk);
        Assert.Equal(PackageStatus.OutForDelivery, decision.State.Status);
        Assert.Equal((Friday, Driver, Route), (decision.State.Day!.Date, decision.State.Day.DriverId, decision.State.Day.RouteId));
        var assigned = Assert.Single(decision.State.Outbox, m => m.DriverEvent is not null).DriverEvent!;
        Assert.Equal((DriverEventKind.Assigned, Driver), (assigned.Kind, assigned.DriverId));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(31)]
    [InlineData(3_000_000)]
    public void A_date_outside_yesterday_to_max_days_ahead_is_refused_and_changes_nothing(int days)
    {
        var scenario = Shipped();
        var date = days == 3_000_000 ? DateOnly.MaxValue : Friday.AddDays(days);

        var decision = StopRules.Assign(scenario.State, scenario.Stop(date: date), false, scenario.Ctx);

        Assert.Equal(Fault.ValidationFailed, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(30)]
    public void Yesterday_and_max_days_ahead_are_inside_the_window(int days)
    {
        var scenario = Shipped();

        Assert.True(StopRules.Assign(scenario.State, scenario.Stop(date: Friday.AddDays(days)), false, scenario.Ctx).Reply.IsOk);
    }

    [Fact]
    public void Policy_MaxDaysAhead_sets_how_far_ahead_a_route_may_be()
    {
        var scenario = Shipped();
        scenario.WithPolicy("MaxDaysAhead", "5");

        Assert.Equal(Fault.ValidationFailed, StopRules.Assign(scenario.State, scenario.Stop(date: Friday.AddDays(6)), false, scenario.Ctx).Reply.Fault);
        Assert.True(StopRules.Assign(scenario.State, scenario.Stop(date: Friday.AddDays(5)), false, scenario.Ctx).Reply.IsOk);
    }

    [Fact]
    public void Registered_package_that_has_not_shipped_cannot_be_assigned()
    {
        var scenario = new PackageScenario().Register(Order());

        var decision = StopRules.Assign(scenario.State, scenario.Stop(), false, scenario.Ctx);

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Package_of_another_station_is_not_found()
    {
        var scenario = Shipped();

        var decision = StopRules.Assign(scenario.State, scenario.Stop() with { StationId = "OTHER1" }, false, scenario.Ctx);

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.Same(scenario.State, decision.State);
    }

    [Fact]
    public void Building_the_same_route_again_is_idempotent()
    {
        var scenario = Shipped().Assign();

        var decision = StopRules.Assign(scenario.State, scenario.Stop(), false, scenario.Ctx);

        Assert.True(decision.Reply.IsOk);
        Assert.False(decision.Changed);
        Assert.Same(scenario.State, decision.State);
    }

    [Fact]
    public void Package_on_another_route_today_cannot_be_assigned_again()
    {
        var scenario = Shipped().Assign();

        var decision = StopRules.Assign(scenario.State, scenario.Stop(route: "R-2"), false, scenario.Ctx);

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Changing_the_routes_driver_moves_the_stop_as_a_removal_and_an_assignment()
    {
        var scenario = Shipped().Assign();

        var decision = StopRules.Assign(scenario.State, scenario.Stop("D-2"), false, scenario.Ctx);

        Assert.True(decision.Changed);
        Assert.Equal("D-2", decision.State.Day!.DriverId);
        var events = decision.State.Outbox.Skip(scenario.State.Outbox.Count).Select(m => m.DriverEvent!).ToList();
        Assert.Equal(
            [(DriverEventKind.RemovedBeforeStart, Driver), (DriverEventKind.Assigned, "D-2")],
            events.Select(e => (e.Kind, e.DriverId)));
        Assert.DoesNotContain(events, e => e.Kind == DriverEventKind.Undeliverable);
    }

    [Fact]
    public void Unassigning_restores_the_previous_status_and_records_a_removal_not_a_failure()
    {
        var scenario = Shipped().Assign();

        var decision = StopRules.Unassign(scenario.State, Station, Route, scenario.Ctx);

        Assert.True(decision.Reply.IsOk);
        Assert.Equal(PackageStatus.Shipped, decision.State.Status);
        Assert.Null(decision.State.Day);
        Assert.Empty(decision.State.FailedDays);
        var last = decision.State.Outbox[^1].DriverEvent!;
        Assert.Equal((DriverEventKind.RemovedBeforeStart, Driver), (last.Kind, last.DriverId));
    }

    [Fact]
    public void Unassigning_a_redelivery_stop_restores_scheduled_for_redelivery()
    {
        var scenario = Shipped().Assign();
        scenario.FailAndReturn();
        scenario.RunRedelivery();
        scenario.GoOutOnRedeliveryDay();

        var decision = StopRules.Unassign(scenario.State, Station, scenario.State.Day!.RouteId, scenario.Ctx);

        Assert.Equal(PackageStatus.ScheduledForRedelivery, decision.State.Status);
        Assert.Equal(scenario.State.RedeliveryDate, decision.State.RedeliveryDate);
    }

    [Fact]
    public void Stop_that_has_been_worked_on_can_no_longer_be_removed()
    {
        var scenario = Shipped().Assign();
        scenario.EnterCode(scenario.WrongCode(), "k1");

        var decision = StopRules.Unassign(scenario.State, Station, Route, scenario.Ctx);

        Assert.Equal(Fault.RouteStarted, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Unassigning_from_another_route_is_not_found()
    {
        var scenario = Shipped().Assign();

        Assert.Equal(Fault.NotFound, StopRules.Unassign(scenario.State, Station, "R-9", scenario.Ctx).Reply.Fault);
        Assert.Equal(Fault.NotFound, StopRules.Unassign(scenario.State, "OTHER1", Route, scenario.Ctx).Reply.Fault);
    }

    [Fact]
    public void Redelivery_can_be_assigned_on_its_date_or_later_but_not_earlier()
    {
        var scenario = Shipped().Assign();
        scenario.FailAndReturn();
        scenario.RunRedelivery();
        var date = scenario.State.RedeliveryDate!.Value;

        var early = StopRules.Assign(scenario.State, scenario.Stop(date: date.AddDays(-1), route: "R-early"), false, scenario.Ctx);
        var onDate = StopRules.Assign(scenario.State, scenario.Stop(date: date, route: "R-on"), false, scenario.Ctx);
        var later = StopRules.Assign(scenario.State, scenario.Stop(date: date.AddDays(2), route: "R-later"), false, scenario.Ctx);

        Assert.Equal(Fault.InvalidState, early.Reply.Fault);
        Assert.True(onDate.Reply.IsOk);
        Assert.True(later.Reply.IsOk);
    }

    [Fact]
    public void Itinerary_line_is_shown_only_to_the_assigned_driver()
    {
        var scenario = Shipped().Assign();

        var stop = StopRules.Stop(scenario.State, Driver, scenario.Ctx);

        Assert.Equal(new StopView(scenario.TrackingId, PackageStatus.OutForDelivery, true, 3, true, Route, scenario.State.Day!.Date), stop);
        Assert.Null(StopRules.Stop(scenario.State, "D-2", scenario.Ctx));
    }
}
