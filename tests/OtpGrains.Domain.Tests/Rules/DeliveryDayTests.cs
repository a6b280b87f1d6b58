using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class DeliveryDayTests
{
    private static readonly DateOnly Friday = new(2026, 11, 27);

    [Fact]
    public void First_and_second_wrong_codes_leave_the_package_out_for_delivery()
    {
        var scenario = OtpOutForDelivery();

        var first = scenario.EnterCode(scenario.WrongCode(), "k1").Reply;
        var second = scenario.EnterCode(scenario.WrongCode(), "k2").Reply;

        Assert.Equal((AttemptOutcome.WrongCode, PackageStatus.OutForDelivery, 2), (first.Outcome!.Value, first.Status, first.AttemptsLeft!.Value));
        Assert.Equal((AttemptOutcome.WrongCode, PackageStatus.OutForDelivery, 1), (second.Outcome!.Value, second.Status, second.AttemptsLeft!.Value));
    }

    [Fact]
    public void Third_wrong_code_locks_the_package_for_the_day()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.EnterCode(scenario.WrongCode(), "k2");

        var third = scenario.EnterCode(scenario.WrongCode(), "k3").Reply;

        Assert.Equal(AttemptOutcome.Locked, third.Outcome);
        Assert.Equal(PackageStatus.OtpLocked, third.Status);
        Assert.Equal(0, third.AttemptsLeft);
        Assert.Equal(PackageStatus.OtpLocked, scenario.State.Status);
    }

    [Fact]
    public void Correct_code_after_the_lock_is_refused_as_locked_and_changes_nothing()
    {
        var scenario = OtpOutForDelivery().Lock();
        var locked = scenario.State;

        var decision = scenario.EnterCode(scenario.Code, "k4");

        Assert.Equal(Fault.OtpLocked, decision.Reply.Fault);
        Assert.Null(decision.Reply.Outcome);
        Assert.False(decision.Changed);
        Assert.Same(locked, decision.State);
    }

    [Fact]
    public void Correct_code_delivers_after_two_wrong_entries()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.EnterCode(scenario.WrongCode(), "k2");

        var reply = scenario.EnterCode(scenario.Code, "k3").Reply;

        Assert.Equal(AttemptOutcome.Delivered, reply.Outcome);
        Assert.Equal(PackageStatus.Delivered, reply.Status);
        Assert.Equal(1, reply.AttemptsLeft);
    }

    [Fact]
    public void Entry_by_a_driver_other_than_the_assigned_one_is_not_found_and_spends_nothing()
    {
        var scenario = OtpOutForDelivery();
        var before = scenario.State;

        var decision = scenario.EnterCode(scenario.WrongCode(), "k1", driver: "D-2");

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
        Assert.Equal(3, StopRules.AttemptsLeft(scenario.State, scenario.Policy));
    }

    [Fact]
    public void Entry_on_a_package_not_out_for_delivery_is_not_found_for_a_driver()
    {
        var scenario = new PackageScenario().Register(Order(requireOtp: true)).Ship();

        var decision = scenario.EnterCode("123456", "k1");

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Theory]
    [InlineData(Station, 2, 59, false)]
    [InlineData(Station, 3, 0, true)]
    [InlineData(Station, 22, 59, true)]
    [InlineData(Station, 23, 0, false)]
    [InlineData(Kolkata, 2, 59, false)]
    [InlineData(Kolkata, 3, 0, true)]
    [InlineData(Kolkata, 22, 59, true)]
    [InlineData(Kolkata, 23, 0, false)]
    [InlineData(NewYork, 2, 59, false)]
    [InlineData(NewYork, 3, 0, true)]
    [InlineData(NewYork, 22, 59, true)]
    [InlineData(NewYork, 23, 0, false)]
    public void Entries_count_only_inside_the_station_local_delivery_window(string station, int hour, int minute, bool counted)
    {
        var scenario = OtpOutForDelivery(station);
        Assert.Equal(Friday, scenario.State.Day!.Date);
        scenario.Now = LocalInstant(station, Friday, hour, minute);

        var decision = scenario.EnterCode(scenario.WrongCode(), "k1");

        if (counted)
        {
            Assert.Equal(AttemptOutcome.WrongCode, decision.Reply.Outcome);
            Assert.Equal(2, decision.Reply.AttemptsLeft);
        }
        else
        {
            Assert.Equal(Fault.OutsideDeliveryWindow, decision.Reply.Fault);
            Assert.False(decision.Changed);
            Assert.Equal(3, StopRules.AttemptsLeft(scenario.State, scenario.Policy));
        }
    }

    [Fact]
    public void Window_is_judged_by_station_time_not_utc()
    {
        // 01:00 UTC is 06:30 in Kolkata (inside), 20:00 the evening before in New York.
        var kolkata = OtpOutForDelivery(Kolkata);
        kolkata.Now = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(AttemptOutcome.WrongCode, kolkata.EnterCode(kolkata.WrongCode(), "k1").Reply.Outcome);

        // 03:30 UTC on Saturday is still 22:30 on Friday in New York: inside the window.
        var newYork = OtpOutForDelivery(NewYork);
        newYork.Now = new DateTimeOffset(2026, 11, 28, 3, 30, 0, TimeSpan.Zero);
        Assert.Equal(AttemptOutcome.WrongCode, newYork.EnterCode(newYork.WrongCode(), "k1").Reply.Outcome);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Commands_on_a_day_other_than_the_routes_date_are_not_found_and_spend_nothing(int days)
    {
        // API.md: a package not on this driver's route today is 404, whatever the command.
        var scenario = OtpOutForDelivery();
        scenario.Now = scenario.Now.AddDays(days);

        foreach (var decision in new[] { scenario.EnterCode(scenario.WrongCode(), "k1"), scenario.EnterFallback(PhoneLastTwo, "k2"), scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "k3") })
        {
            Assert.Equal(Fault.NotFound, decision.Reply.Fault);
            Assert.False(decision.Changed);
        }
        Assert.Equal(PackageStatus.OutForDelivery, scenario.State.Status);
        Assert.Empty(scenario.State.FailedDays);
    }

    [Fact]
    public void Locked_refusal_names_the_policy_attempt_count()
    {
        var scenario = OtpOutForDelivery();
        scenario.Policy.AttemptsPerDay = 4;
        scenario.Lock();

        var refused = scenario.EnterCode(scenario.Code, "after-lock").Reply;

        Assert.Equal(Fault.OtpLocked, refused.Fault);
        Assert.StartsWith("4 wrong entries", refused.Detail);
    }

    [Fact]
    public void An_unknown_driver_command_kind_fails_loudly_instead_of_failing_the_stop()
    {
        var scenario = OtpOutForDelivery();

        Assert.Throws<ArgumentOutOfRangeException>(() => scenario.Drive(new DriverCommand((DriverCommandKind)99, Driver, "k-unknown")));
        Assert.Equal(PackageStatus.OutForDelivery, scenario.State.Status);
    }

    [Fact]
    public void Same_idempotency_key_returns_the_first_answer_and_spends_nothing()
    {
        var scenario = OtpOutForDelivery();
        var first = scenario.EnterCode(scenario.WrongCode(), "k1");
        var afterFirst = scenario.State;

        var replay = scenario.EnterCode(scenario.WrongCode(), "k1");

        Assert.Equal(first.Reply, replay.Reply);
        Assert.False(replay.Changed);
        Assert.Same(afterFirst, replay.State);
        Assert.Equal(2, StopRules.AttemptsLeft(scenario.State, scenario.Policy));
    }

    [Fact]
    public void Replay_of_a_wrong_entry_with_the_correct_code_still_gets_the_first_answer()
    {
        var scenario = OtpOutForDelivery();
        var first = scenario.EnterCode(scenario.WrongCode(), "k1");

        var replay = scenario.EnterCode(scenario.Code, "k1");

        Assert.Equal(first.Reply, replay.Reply);
        Assert.Equal(PackageStatus.OutForDelivery, scenario.State.Status);
    }

    [Fact]
    public void Replay_of_the_locking_entry_answers_locked_again_not_otp_locked()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.EnterCode(scenario.WrongCode(), "k2");
        var third = scenario.EnterCode(scenario.WrongCode(), "k3");

        var replay = scenario.EnterCode(scenario.WrongCode(), "k3");
        var earlier = scenario.EnterCode(scenario.WrongCode(), "k1");

        Assert.Equal(third.Reply, replay.Reply);
        Assert.Equal(AttemptOutcome.Locked, replay.Reply.Outcome);
        Assert.Equal(AttemptOutcome.WrongCode, earlier.Reply.Outcome);
        Assert.False(replay.Changed || earlier.Changed);
    }

    [Fact]
    public void Replay_of_a_delivered_entry_returns_delivered_again()
    {
        var scenario = OtpOutForDelivery();
        var first = scenario.EnterCode(scenario.Code, "k1");

        var replay = scenario.EnterCode(scenario.Code, "k1");

        Assert.Equal(first.Reply, replay.Reply);
        Assert.False(replay.Changed);
    }

    [Fact]
    public void Same_idempotency_key_for_another_command_kind_is_a_conflict()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        var before = scenario.State;

        var decision = scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "k1");

        Assert.Equal(Fault.Conflict, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void Idempotency_keys_are_per_driver()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.State = StopRules.Assign(scenario.State, scenario.Stop("D-2"), false, scenario.Ctx).State;

        var decision = scenario.EnterCode(scenario.WrongCode(), "k1", driver: "D-2");

        Assert.True(decision.Changed);
        Assert.Equal(1, decision.Reply.AttemptsLeft);
    }

    [Fact]
    public void Stored_replies_older_than_the_retention_are_pruned_on_a_later_write()
    {
        var scenario = OtpOutForDelivery();
        // A short retention, so the later write still falls on the stop's own day (commands act only on today's stops).
        scenario.Policy.IdempotencyRetentionHours = 1;
        scenario.EnterCode(scenario.WrongCode(), "old");
        scenario.Now = scenario.Now.AddHours(scenario.Policy.IdempotencyRetentionHours + 1);

        scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "new");

        Assert.DoesNotContain($"{Driver}\nold", scenario.State.Requests.Keys);
        Assert.Contains($"{Driver}\nnew", scenario.State.Requests.Keys);
    }

    [Fact]
    public void Stored_replies_inside_the_retention_survive_a_later_write()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.Now = scenario.Now.AddHours(2);

        scenario.EnterCode(scenario.WrongCode(), "k2");

        Assert.Contains($"{Driver}\nk1", scenario.State.Requests.Keys);
    }

    [Fact]
    public void New_delivery_day_after_a_redelivery_gets_a_fresh_budget_of_three()
    {
        var scenario = OtpOutForDelivery().Lock();
        scenario.FailAndReturn(UndeliverableReason.OtpLocked);
        scenario.RunRedelivery();

        scenario.GoOutOnRedeliveryDay();

        Assert.Equal(3, StopRules.AttemptsLeft(scenario.State, scenario.Policy));
        var reply = scenario.EnterCode(scenario.WrongCode(), "day2-k1").Reply;
        Assert.Equal((AttemptOutcome.WrongCode, 2), (reply.Outcome!.Value, reply.AttemptsLeft!.Value));
    }
}
