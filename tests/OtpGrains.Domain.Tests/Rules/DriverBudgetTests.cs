using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Rules;

/// <summary>The driver's budgets at the door as pure functions: reserve before an entry, settle on its outcome.</summary>
public sealed class DriverBudgetTests
{
    private const string Driver = "D-1";
    private static readonly BudgetLimits Limits = BudgetLimits.From(new DeliveryPolicy());
    private static readonly DateTimeOffset Now = TestClock.Noon;

    private AttemptBudget budget = new();
    private ImmutableList<Reservation> inFlight = [];
    private int next;

    private BudgetGrant Reserve(string trackingId, bool fallback = false, DateTimeOffset? at = null)
    {
        var decision = budget.Reserve(inFlight, new EntryClaim(trackingId, fallback), $"r{++next}", at ?? Now, Limits);
        (budget, inFlight) = (decision.Budget, decision.InFlight);
        return decision.Grant;
    }

    private void Settle(BudgetGrant grant, DriverEventKind kind, bool fallback = false, DateTimeOffset? at = null) =>
        (budget, inFlight) = budget.Settle(inFlight, Event(kind, grant.Reservation, fallback, at ?? Now), at ?? Now, Limits);

    private static DriverEvent Event(DriverEventKind kind, string? reservation, bool fallback, DateTimeOffset at) =>
        new($"P#{Guid.NewGuid():N}", Driver, kind, at, "P", ViaFallback: fallback, Reservation: reservation);

    private void WrongEntries(int count, DateTimeOffset? at = null)
    {
        for (var i = 0; i < count; i++)
        {
            var grant = Reserve($"P-{i}", at: at);
            Assert.True(grant.Granted);
            Settle(grant, DriverEventKind.WrongEntry, at: at);
        }
    }

    [Fact]
    public void Wrong_entries_across_packages_spend_the_hourly_budget_then_refuse_until_the_hour_frees()
    {
        WrongEntries(10, Now.AddMinutes(-20));

        var refused = Reserve("P-next");

        Assert.False(refused.Granted);
        Assert.Equal(DriverBudgetKind.HourlyEntries, refused.RefusedBy);
        Assert.Equal(40 * 60, refused.RetryAfterSeconds);
        Assert.True(Reserve("P-next", at: Now.AddMinutes(40).AddSeconds(1)).Granted);
    }

    [Fact]
    public void In_flight_reservations_hold_units_so_parallel_entries_never_overshoot()
    {
        var grants = Enumerable.Range(0, 25).Select(i => Reserve($"P-{i}")).ToList();

        Assert.Equal(10, grants.Count(g => g.Granted));
        Assert.Equal(10, inFlight.Count);
        Assert.Equal(15, budget.On(TestClock.Today).HourlyRefusals);
    }

    [Fact]
    public void A_right_code_gives_its_unit_back()
    {
        WrongEntries(9);
        var right = Reserve("P-right");
        Settle(right, DriverEventKind.Delivered);

        Assert.Empty(inFlight);
        Assert.Equal(9, budget.LastHour.Count);
        Assert.True(Reserve("P-last").Granted);
        Assert.False(Reserve("P-over").Granted);
        Assert.Equal((10, 9), (budget.On(TestClock.Today).Entries, budget.On(TestClock.Today).WrongEntries));
    }

    [Fact]
    public void A_fallback_entry_counts_against_the_hour_even_when_it_was_right()
    {
        var grant = Reserve("P-1", fallback: true);
        Settle(grant, DriverEventKind.Delivered, fallback: true);

        Assert.Single(budget.LastHour);
        Assert.Equal(1, budget.On(TestClock.Today).FallbackEntries);
    }

    [Fact]
    public void Fallback_entries_per_day_are_refused_after_the_daily_budget_with_the_time_until_the_day_ends()
    {
        for (var i = 0; i < 5; i++)
        {
            var grant = Reserve($"P-{i}", fallback: true, at: Now.AddHours(-11));
            Settle(grant, DriverEventKind.Delivered, fallback: true, at: Now.AddHours(-11));
        }

        var refused = Reserve("P-6", fallback: true);

        Assert.Equal(DriverBudgetKind.DailyFallbacks, refused.RefusedBy);
        Assert.Equal(12 * 3600, refused.RetryAfterSeconds);
        Assert.True(Reserve("P-code").Granted);
        Assert.Equal(1, budget.On(TestClock.Today).FallbackRefusals);
    }

    [Fact]
    public void A_wrong_entry_whose_reservation_was_lost_in_a_restart_still_counts()
    {
        var grant = Reserve("P-1");
        inFlight = [];

        Settle(grant, DriverEventKind.Locked);

        Assert.Single(budget.LastHour);
        Assert.Equal((1, 1), (budget.On(TestClock.Today).WrongEntries, budget.On(TestClock.Today).LockedPackages));
    }

    [Fact]
    public void A_reservation_whose_outcome_never_arrives_expires_and_a_released_one_frees_at_once()
    {
        for (var i = 0; i < 10; i++) Reserve($"P-{i}");
        Assert.False(Reserve("P-x").Granted);

        inFlight = AttemptBudget.Release(inFlight, "r1");
        Assert.True(Reserve("P-y").Granted);
        Assert.True(Reserve("P-z", at: Now.AddSeconds(Limits.ReservationLifetime.TotalSeconds + 1)).Granted);
        Assert.Single(inFlight);
    }

    [Fact]
    public void Other_driver_events_leave_the_budget_alone()
    {
        var plain = Event(DriverEventKind.Delivered, reservation: null, fallback: false, Now);
        var (after, _) = budget.Settle(inFlight, plain, Now, Limits);

        Assert.Same(budget, after);
    }

    [Fact]
    public void The_stored_budget_stays_bounded_by_the_hour_and_the_kept_days()
    {
        for (var day = 0; day < 60; day++) WrongEntries(10, Now.AddDays(-60 + day));
        WrongEntries(1);

        Assert.Single(budget.LastHour);
        Assert.True(budget.Days.Count <= Limits.KeptDays);
    }

    [Fact]
    public void Signals_give_rates_and_flag_a_driver_over_the_thresholds()
    {
        var policy = new DeliveryPolicy();
        var entries = new EntryDay { Entries = 10, WrongEntries = 4, LockedPackages = 1 };
        var record = new DriverDay { Delivered = 4, FallbackDeliveries = 1 };

        var signals = DriverSignals.For(Driver, TestClock.Today, record, entries, policy);

        Assert.Equal((0.4, 0.25), (signals.WrongEntryRate, signals.FallbackShare));
        Assert.True(signals.OverThresholds);
        Assert.False(DriverSignals.For(Driver, TestClock.Today, new DriverDay { Delivered = 9 }, new EntryDay { Entries = 10, WrongEntries = 1 }, policy).OverThresholds);
        Assert.True(DriverSignals.For(Driver, TestClock.Today, new DriverDay(), new EntryDay { HourlyRefusals = 1 }, policy).OverThresholds);
        Assert.Null(DriverSignals.For(Driver, TestClock.Today, new DriverDay(), new EntryDay(), policy).WrongEntryRate);
    }
}
