using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class UndeliverableTests
{
    private static PackageScenario OutOnLocalNoon(string station, DateOnly date)
    {
        var scenario = new PackageScenario { Now = LocalInstant(station, date, 12, 0) };
        return scenario.Register(Order(station: station, requireOtp: true)).Ship().Assign();
    }

    [Theory]
    [InlineData(UndeliverableReason.CustomerUnavailable)]
    [InlineData(UndeliverableReason.CodeMissing)]
    [InlineData(UndeliverableReason.OtpLocked)]
    [InlineData(UndeliverableReason.TooEarlyOrTooLate)]
    [InlineData(UndeliverableReason.AccessProblem)]
    [InlineData(UndeliverableReason.Other)]
    public void Undeliverable_stop_awaits_return_by_ten_the_next_morning(UndeliverableReason reason)
    {
        var scenario = OtpOutForDelivery();

        var reply = scenario.MarkUndeliverable(reason, "u1").Reply;

        var expected = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(PackageStatus.AwaitingReturn, reply.Status);
        Assert.Equal(expected, reply.ReturnBy);
        var failed = Assert.Single(scenario.State.FailedDays);
        Assert.Equal((reason, expected, new DateOnly(2026, 11, 27), Driver), (failed.Reason, failed.ReturnBy, failed.Date, failed.DriverId));
        Assert.False(failed.EndedLocked);
    }

    [Fact]
    public void Return_deadline_is_ten_station_local_in_kolkata()
    {
        var scenario = OtpOutForDelivery(Kolkata);

        var reply = scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1").Reply;

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 4, 30, 0, TimeSpan.Zero), reply.ReturnBy);
    }

    [Fact]
    public void Return_deadline_follows_the_clock_change_in_london_when_summer_time_starts()
    {
        var scenario = OutOnLocalNoon(London, new DateOnly(2026, 3, 28));

        var reply = scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1").Reply;

        // 10:00 BST on Sunday 29 March is 09:00 UTC; on Saturday it would have been 10:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.Zero), reply.ReturnBy);
    }

    [Fact]
    public void Return_deadline_follows_the_clock_change_in_new_york_when_summer_time_ends()
    {
        var scenario = OutOnLocalNoon(NewYork, new DateOnly(2026, 10, 31));

        var reply = scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1").Reply;

        // 10:00 EST on Sunday 1 November is 15:00 UTC; on Saturday 10:00 EDT was 14:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 15, 0, 0, TimeSpan.Zero), reply.ReturnBy);
    }

    [Fact]
    public void Locked_package_can_still_be_marked_undeliverable_and_the_day_ended_locked()
    {
        var scenario = OtpOutForDelivery().Lock();

        var reply = scenario.MarkUndeliverable(UndeliverableReason.OtpLocked, "u1").Reply;

        Assert.Null(reply.Fault);
        Assert.Equal(PackageStatus.AwaitingReturn, scenario.State.Status);
        Assert.True(Assert.Single(scenario.State.FailedDays).EndedLocked);
    }

    [Fact]
    public void Failure_queues_an_undeliverable_driver_event_and_a_station_day_index_entry()
    {
        var scenario = OtpOutForDelivery();

        scenario.MarkUndeliverable(UndeliverableReason.AccessProblem, "u1");

        var failure = Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Undeliverable);
        Assert.Equal((Driver, UndeliverableReason.AccessProblem, scenario.TrackingId), (failure.DriverId, failure.Reason, failure.TrackingId));
        Assert.Equal(failure.EventId, scenario.State.FailedDays[0].FailureEventId);
        var index = Assert.Single(scenario.State.Outbox, m => m.FailureIndex is not null).FailureIndex!;
        Assert.Equal(new FailureIndexEntry(Station, new DateOnly(2026, 11, 27), scenario.TrackingId), index);
    }

    [Fact]
    public void Outbox_message_ids_are_unique_within_the_package()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1");

        var ids = scenario.State.Outbox.Select(m => m.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(scenario.DriverEvents, e => Assert.Contains(e.EventId, ids));
    }

    [Fact]
    public void Undeliverable_after_delivery_is_invalid()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.Code, "k1");

        var decision = scenario.MarkUndeliverable(UndeliverableReason.Other, "u1");

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }
}
