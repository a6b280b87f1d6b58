using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class RedeliveryTests
{
    private static readonly DateOnly Friday = new(2026, 11, 27);
    private static readonly DateOnly Saturday = new(2026, 11, 28);
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static PackageScenario OutOn(DateOnly date, string station = Station)
    {
        var scenario = new PackageScenario { Now = LocalInstant(station, date, 12, 0) };
        return scenario.Register(Order(station: station, requireOtp: true)).Ship().Assign();
    }

    private static EmailNotice LastEmail(PackageScenario scenario) => scenario.State.Outbox.Last(m => m.Email is not null).Email!;

    [Fact]
    public void Friday_failure_is_scheduled_for_Saturday_with_the_same_code()
    {
        var scenario = OutOn(Friday);
        scenario.FailAndReturn();
        var code = scenario.State.Code;

        var outcome = scenario.RunRedelivery().Reply.Value;

        Assert.Equal(RedeliveryOutcome.Scheduled, outcome);
        Assert.Equal(PackageStatus.ScheduledForRedelivery, scenario.State.Status);
        Assert.Equal(Saturday, scenario.State.RedeliveryDate);
        Assert.Same(code, scenario.State.Code);
    }

    [Fact]
    public void Redelivery_email_without_a_new_code_names_the_date_and_no_code_generation()
    {
        var scenario = OutOn(Friday);
        scenario.FailAndReturn();

        scenario.RunRedelivery();

        Assert.Equal(new EmailNotice(EmailKind.RedeliveryScheduled, null, Saturday), LastEmail(scenario));
        // The notice carries no address: it goes to the registration's, opened when it is sent.
        Assert.Equal("c1@example.com", scenario.State.Registration!.OpenEmail(scenario.Vault, scenario.TrackingId));
    }

    [Fact]
    public void Saturday_failure_skips_Sunday_and_is_scheduled_for_Monday()
    {
        var scenario = OutOn(Saturday);
        scenario.FailAndReturn();

        scenario.RunRedelivery();

        Assert.Equal(Monday, scenario.State.RedeliveryDate);
    }

    [Fact]
    public void Station_holiday_is_skipped()
    {
        var scenario = OutOn(Saturday, HolidayStation);
        scenario.FailAndReturn();

        scenario.RunRedelivery();

        Assert.Equal(new DateOnly(2026, 12, 1), scenario.State.RedeliveryDate);
    }

    [Fact]
    public void Day_that_ended_locked_gets_a_new_code_and_the_email_carries_it()
    {
        var scenario = OutOn(Friday).Lock();
        var oldCode = scenario.Code;
        scenario.FailAndReturn(UndeliverableReason.OtpLocked);

        var outcome = scenario.RunRedelivery().Reply.Value;

        Assert.Equal(RedeliveryOutcome.ScheduledWithNewCode, outcome);
        Assert.Equal(2, scenario.State.Code!.Generation);
        Assert.Equal(oldCode == scenario.Code, scenario.Vault.Verify(scenario.State.Code, scenario.TrackingId, oldCode));
        var email = LastEmail(scenario);
        Assert.Equal((EmailKind.RedeliveryScheduled, 2, Saturday), (email.Kind, email.CodeGeneration!.Value, email.Date!.Value));
    }

    [Fact]
    public void Running_the_job_twice_changes_nothing_the_second_time()
    {
        var scenario = OutOn(Friday).Lock();
        scenario.FailAndReturn(UndeliverableReason.OtpLocked);
        scenario.RunRedelivery();
        var afterFirst = scenario.State;

        var second = scenario.RunRedelivery();

        Assert.Equal(RedeliveryOutcome.AlreadyHandled, second.Reply.Value);
        Assert.False(second.Changed);
        Assert.Same(afterFirst, second.State);
    }

    [Fact]
    public void Package_not_scanned_back_is_not_scheduled()
    {
        var scenario = OutOn(Friday);
        scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1");
        scenario.Now = LocalInstant(Station, Saturday, 6, 0);
        var before = scenario.State;

        var decision = scenario.RunRedelivery();

        Assert.Equal(RedeliveryOutcome.NotReturned, decision.Reply.Value);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void Job_for_a_day_the_package_did_not_fail_is_not_found()
    {
        var scenario = OutOn(Friday);
        scenario.FailAndReturn();

        var decision = ReturnRules.ScheduleRedelivery(scenario.State, Monday, scenario.Ctx);

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Second_failed_day_is_still_redelivered()
    {
        var scenario = OutOn(Friday);
        scenario.FailAndReturn();
        scenario.RunRedelivery();
        scenario.GoOutOnRedeliveryDay();
        scenario.FailAndReturn();

        Assert.Equal(RedeliveryOutcome.Scheduled, scenario.RunRedelivery().Reply.Value);
        Assert.Equal(Monday, scenario.State.RedeliveryDate);
    }

    [Fact]
    public void Third_failed_day_sends_the_package_back_to_the_shipper()
    {
        var scenario = OutOn(Friday);
        for (var day = 1; day <= 2; day++)
        {
            scenario.FailAndReturn();
            scenario.RunRedelivery();
            scenario.GoOutOnRedeliveryDay();
        }
        scenario.Lock();
        scenario.FailAndReturn(UndeliverableReason.OtpLocked);

        var outcome = scenario.RunRedelivery().Reply.Value;

        Assert.Equal(RedeliveryOutcome.ReturnedToSender, outcome);
        Assert.Equal(PackageStatus.ReturnToSender, scenario.State.Status);
        Assert.Equal(3, scenario.State.FailedDays.Count);
        Assert.Equal(1, scenario.State.Code!.Generation);
        var email = LastEmail(scenario);
        Assert.Equal((EmailKind.ReturnedToSender, (int?)null), (email.Kind, email.CodeGeneration));
        Assert.Null(CustomerRules.View(scenario.State, Customer, scenario.Ctx).Value!.Otp);
    }

    [Fact]
    public void Returned_to_sender_package_cannot_go_out_again()
    {
        var scenario = OutOn(Friday);
        for (var day = 1; day <= 3; day++)
        {
            scenario.FailAndReturn();
            scenario.RunRedelivery();
            if (day < 3) scenario.GoOutOnRedeliveryDay();
        }

        var decision = StopRules.Assign(scenario.State, scenario.Stop(route: "R-late"), false, scenario.Ctx);

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
    }
}
