using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Rules;

public sealed class DriverReliabilityTests
{
    private const string Driver = "D-1";
    private static readonly DeliveryPolicy Policy = new();
    private static readonly DateTimeOffset Now = TestClock.Noon;

    private static DriverEvent Event(string id, DriverEventKind kind, DateTimeOffset? at = null, UndeliverableReason? reason = null, string? excuses = null, bool viaFallback = false) =>
        new(id, Driver, kind, at ?? Now.AddDays(-1), $"P-{id}", reason, excuses, viaFallback);

    private static ReliabilityReport Report(params DriverEvent[] events) =>
        events.Aggregate(new DriverLedger(), (ledger, e) => ledger.Record(e, Now, Policy)).Report(Driver, Now, Policy);

    [Fact]
    public void Driver_with_no_finished_stop_has_no_reliability_yet()
    {
        var report = Report(Event("a", DriverEventKind.Assigned));

        Assert.Null(report.Reliability);
        Assert.Equal(1, report.Assigned);
        Assert.Equal(28, report.WindowDays);
    }

    [Fact]
    public void Reliability_is_delivered_over_delivered_plus_failures()
    {
        var report = Report(
            Event("d1", DriverEventKind.Delivered),
            Event("d2", DriverEventKind.Delivered),
            Event("d3", DriverEventKind.Delivered),
            Event("f1", DriverEventKind.Undeliverable, reason: UndeliverableReason.CustomerUnavailable));

        Assert.Equal(0.75, report.Reliability);
        Assert.Equal(3, report.Delivered);
        Assert.Equal(1, report.Undeliverable[UndeliverableReason.CustomerUnavailable]);
    }

    [Fact]
    public void Removals_before_the_route_starts_count_neither_way()
    {
        var report = Report(
            Event("d1", DriverEventKind.Delivered),
            Event("r1", DriverEventKind.RemovedBeforeStart),
            Event("r2", DriverEventKind.RemovedBeforeStart));

        Assert.Equal(1.0, report.Reliability);
        Assert.Equal(2, report.RemovedBeforeStart);
        Assert.Null(Report(Event("r1", DriverEventKind.RemovedBeforeStart)).Reliability);
    }

    [Fact]
    public void Excused_failure_does_not_count_against_the_driver()
    {
        var report = Report(
            Event("d1", DriverEventKind.Delivered),
            Event("f1", DriverEventKind.Undeliverable, reason: UndeliverableReason.CodeMissing),
            Event("f2", DriverEventKind.Undeliverable, reason: UndeliverableReason.AccessProblem),
            Event("x1", DriverEventKind.Excused, excuses: "f1"));

        Assert.Equal(0.5, report.Reliability);
        Assert.Equal(1, report.Excused);
        Assert.Equal(2, report.Undeliverable.Values.Sum());
    }

    [Fact]
    public void Only_failures_count_when_nothing_was_delivered()
    {
        Assert.Equal(0.0, Report(Event("f1", DriverEventKind.Undeliverable, reason: UndeliverableReason.Other)).Reliability);
    }

    [Fact]
    public void Duplicate_event_ids_are_counted_once()
    {
        var delivered = Event("d1", DriverEventKind.Delivered);
        var ledger = new DriverLedger().Record(delivered, Now, Policy);

        var again = ledger.Record(delivered, Now, Policy);

        Assert.Same(ledger, again);
        var report = Report(delivered, delivered, Event("f1", DriverEventKind.Undeliverable), Event("f1", DriverEventKind.Undeliverable));
        Assert.Equal((1, 0.5), (report.Delivered, report.Reliability!.Value));
    }

    [Fact]
    public void The_window_is_the_last_28_days_including_today()
    {
        var firstDay = Now.UtcDateTime.Date.AddDays(-27);
        // Each counted when it happened (an event delivered a day late is not counted at all), reported today.
        var report = new[]
            {
                Event("old", DriverEventKind.Undeliverable, new DateTimeOffset(firstDay.AddMinutes(-1), TimeSpan.Zero)),
                Event("edge", DriverEventKind.Delivered, new DateTimeOffset(firstDay, TimeSpan.Zero)),
            }
            .Aggregate(new DriverLedger(), (ledger, e) => ledger.Record(e, e.At, Policy))
            .Report(Driver, Now, Policy);

        Assert.Equal(1, report.Delivered);
        Assert.Empty(report.Undeliverable);
        Assert.Equal(1.0, report.Reliability);
    }

    [Fact]
    public void Counts_leave_the_window_as_days_pass()
    {
        var ledger = new DriverLedger()
            .Record(Event("f1", DriverEventKind.Undeliverable, Now), Now, Policy)
            .Record(Event("d1", DriverEventKind.Delivered, Now), Now, Policy);

        Assert.Equal(0.5, ledger.Report(Driver, Now.AddDays(27), Policy).Reliability);
        Assert.Null(ledger.Report(Driver, Now.AddDays(28), Policy).Reliability);
    }

    [Fact]
    public void An_unknown_driver_event_kind_fails_loudly_instead_of_counting_as_a_late_return() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriverLedger().Record(Event("x", (DriverEventKind)99, Now), Now, Policy));

    [Fact]
    public void Driver_routes_are_kept_for_the_policy_number_of_days()
    {
        var policy = new PackageScenario().WithPolicy("RouteHistoryDays", "2").Policy;
        var today = TestClock.Today;

        var ledger = new DriverLedger()
            .AddRoute(new DriverRoute(today.AddDays(-3), "S-1", "R-old"), today.AddDays(-3), policy)
            .AddRoute(new DriverRoute(today.AddDays(-2), "S-1", "R-kept"), today.AddDays(-2), policy)
            .AddRoute(new DriverRoute(today, "S-1", "R-today"), today, policy);

        Assert.Equal(["R-kept", "R-today"], ledger.Routes.Select(r => r.RouteId));
    }

    [Fact]
    public void Stored_record_stays_small_for_a_busy_driver()
    {
        var ledger = new DriverLedger();
        for (var day = 0; day < 60; day++)
        {
            var at = Now.AddDays(day);
            for (var stop = 0; stop < 100; stop++)
            {
                ledger = ledger.Record(Event($"a-{day}-{stop}", DriverEventKind.Assigned, at), at, Policy);
                ledger = ledger.Record(Event($"d-{day}-{stop}", DriverEventKind.Delivered, at), at, Policy);
            }
        }

        Assert.True(ledger.Days.Count <= Policy.ReliabilityWindowDays);
        // Packages are remembered for a day after their last event: today's and yesterday's at most.
        Assert.True(ledger.Latest.Values.Sum(p => p.Count) <= 2 * 200);
        Assert.Null(ledger.Seen);
        Assert.Equal(2800, ledger.Report(Driver, Now.AddDays(59), Policy).Delivered);
    }

    [Fact]
    public void Replayed_and_reordered_events_are_counted_once()
    {
        var assignedA = Numbered("PKG-A", 1, DriverEventKind.Assigned);
        var deliveredA = Numbered("PKG-A", 2, DriverEventKind.Delivered);
        var assignedB = Numbered("PKG-B", 1, DriverEventKind.Assigned);
        var failedB = Numbered("PKG-B", 3, DriverEventKind.Undeliverable, UndeliverableReason.AccessProblem);

        // Packages interleave freely; each package's own events come in order, and any of them again later.
        DriverEvent[] arrivals = [assignedA, assignedB, deliveredA, assignedA, failedB, deliveredA, assignedB, failedB];
        var ledger = arrivals.Aggregate(new DriverLedger(), (l, e) => l.Record(e, Now, Policy));
        var report = ledger.Report(Driver, Now, Policy);

        Assert.Equal((2, 1, 1), (report.Assigned, report.Delivered, report.Undeliverable.Values.Sum()));
        var later = Now.AddHours(20);
        Assert.Same(ledger, arrivals.Aggregate(ledger, (l, e) => l.Record(e, later, Policy)));
    }

    [Fact]
    public void Replay_of_a_forgotten_package_is_not_counted_again()
    {
        var delivered = Numbered("PKG-A", 2, DriverEventKind.Delivered);
        var ledger = new DriverLedger().Record(delivered, Now, Policy);

        // Two days on, another package's event prunes the memory of PKG-A; then PKG-A wakes up and replays.
        var later = Now.AddDays(2);
        ledger = ledger.Record(Numbered("PKG-B", 1, DriverEventKind.Assigned, at: later), later, Policy);
        Assert.DoesNotContain(ledger.Latest.Values, p => p.ContainsKey("PKG-A"));

        Assert.Same(ledger, ledger.Record(delivered, later, Policy));
        Assert.Equal(1, ledger.Report(Driver, later, Policy).Delivered);
    }

    [Fact]
    public void Ledger_stored_before_sequence_numbers_still_counts_each_event_once()
    {
        var old = new DriverLedger { Seen = ImmutableDictionary<string, DateOnly>.Empty.Add("PKG-A#2", TestClock.Today) };

        var replay = old.Record(Numbered("PKG-A", 2, DriverEventKind.Delivered), Now, Policy);
        var next = old.Record(Numbered("PKG-A", 4, DriverEventKind.LateReturn), Now, Policy);

        Assert.Same(old, replay);
        Assert.Equal(1, next.Report(Driver, Now, Policy).LateReturns);
        Assert.Null(next.Seen);
    }

    private static DriverEvent Numbered(string trackingId, long sequence, DriverEventKind kind, UndeliverableReason? reason = null, DateTimeOffset? at = null) =>
        new($"{trackingId}#{sequence}", Driver, kind, at ?? Now, trackingId, reason, Sequence: sequence);

    [Fact]
    public void Fallback_deliveries_are_counted_as_deliveries_and_separately()
    {
        var report = Report(
            Event("d1", DriverEventKind.Delivered, viaFallback: true),
            Event("d2", DriverEventKind.Delivered));

        Assert.Equal(2, report.Delivered);
        Assert.Equal(1, report.FallbackDeliveries);
    }

    [Fact]
    public void Late_returns_are_counted_without_changing_reliability()
    {
        var report = Report(
            Event("d1", DriverEventKind.Delivered),
            Event("l1", DriverEventKind.LateReturn));

        Assert.Equal(1, report.LateReturns);
        Assert.Equal(1.0, report.Reliability);
    }

    [Fact]
    public void Package_story_reaches_the_ledger_as_one_failure_excused_and_one_fallback_delivery()
    {
        var scenario = PackageScenario.OtpOutForDelivery();
        scenario.MarkUndeliverable(UndeliverableReason.CodeMissing, "u1");
        scenario.State = ReturnRules.Excuse(scenario.State, "S-1", "called", scenario.Ctx).State;
        scenario.Now = PackageScenario.LocalInstant(PackageScenario.Station, new DateOnly(2026, 11, 28), 7, 0);
        scenario.State = ReturnRules.ScanReturn(scenario.State, PackageScenario.Station, scenario.Ctx).State;
        scenario.RunRedelivery();
        scenario.GoOutOnRedeliveryDay();
        scenario.EnterFallback(PackageScenario.PhoneLastTwo, "f1");

        var at = scenario.Now;
        var report = scenario.DriverEvents
            .Concat(scenario.DriverEvents)
            .Aggregate(new DriverLedger(), (ledger, e) => ledger.Record(e, at, Policy))
            .Report(PackageScenario.Driver, at, Policy);

        Assert.Equal((2, 1, 1, 1, 1.0), (report.Assigned, report.Delivered, report.Excused, report.FallbackDeliveries, report.Reliability!.Value));
    }
}
