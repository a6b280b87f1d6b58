using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class FallbackTests
{
    [Fact]
    public void Correct_phone_digits_deliver_and_the_handover_is_marked_as_fallback()
    {
        var scenario = OtpOutForDelivery();

        var reply = scenario.EnterFallback(PhoneLastTwo, "f1").Reply;

        Assert.Equal(AttemptOutcome.Delivered, reply.Outcome);
        Assert.Equal(PackageStatus.Delivered, scenario.State.Status);
        Assert.Equal(HandoverMethod.Fallback, scenario.State.Handover!.Method);
        Assert.False(scenario.State.Handover.LeftAtDoor);
    }

    [Fact]
    public void Fallback_delivery_reaches_the_drivers_record_as_via_fallback()
    {
        var scenario = OtpOutForDelivery();

        scenario.EnterFallback(PhoneLastTwo, "f1");

        var delivered = Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Delivered);
        Assert.True(delivered.ViaFallback);
        Assert.Equal(Driver, delivered.DriverId);
    }

    [Fact]
    public void Code_delivery_is_not_marked_via_fallback()
    {
        var scenario = OtpOutForDelivery();

        scenario.EnterCode(scenario.Code, "k1");

        Assert.False(Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Delivered).ViaFallback);
        Assert.Equal(HandoverMethod.Code, scenario.State.Handover!.Method);
    }

    [Fact]
    public void Fallback_delivery_is_marked_in_the_audit_trail()
    {
        var scenario = OtpOutForDelivery();

        scenario.EnterFallback(PhoneLastTwo, "f1");

        Assert.Contains(scenario.State.Audit, a => a.Action == "attempt" && a.Outcome == nameof(AttemptOutcome.Delivered) && a.Method == "fallback");
        Assert.DoesNotContain(scenario.State.Audit, a => a.Outcome.Contains(PhoneLastTwo, StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_phone_digits_spend_one_of_the_days_three_attempts()
    {
        var scenario = OtpOutForDelivery();

        var reply = scenario.EnterFallback("41", "f1").Reply;

        Assert.Equal(AttemptOutcome.WrongCode, reply.Outcome);
        Assert.Equal(2, reply.AttemptsLeft);
        Assert.Equal(PackageStatus.OutForDelivery, reply.Status);
    }

    [Fact]
    public void Wrong_fallback_and_two_wrong_codes_share_one_budget_and_lock()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterFallback("41", "f1");
        scenario.EnterCode(scenario.WrongCode(), "k1");

        var third = scenario.EnterCode(scenario.WrongCode(), "k2").Reply;

        Assert.Equal(AttemptOutcome.Locked, third.Outcome);
        Assert.Equal(PackageStatus.OtpLocked, scenario.State.Status);
    }

    [Fact]
    public void Fallback_after_two_wrong_codes_that_is_wrong_locks_the_package()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        scenario.EnterCode(scenario.WrongCode(), "k2");

        var reply = scenario.EnterFallback("41", "f1").Reply;

        Assert.Equal(AttemptOutcome.Locked, reply.Outcome);
        Assert.Equal(0, reply.AttemptsLeft);
    }

    [Fact]
    public void Only_one_fallback_a_day_and_a_second_is_refused_without_spending_an_attempt()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterFallback("41", "f1");
        var before = scenario.State;

        var second = scenario.EnterFallback(PhoneLastTwo, "f2");

        Assert.Equal(Fault.FallbackNotAllowed, second.Reply.Fault);
        Assert.False(second.Changed);
        Assert.Same(before, second.State);
        Assert.Equal(2, StopRules.AttemptsLeft(scenario.State, scenario.Policy));
        Assert.False(StopRules.Stop(scenario.State, Driver, scenario.Ctx)!.FallbackAvailable);
    }

    [Fact]
    public void Fallback_is_available_again_on_the_next_delivery_day()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterFallback("41", "f1");
        scenario.FailAndReturn();
        scenario.RunRedelivery();

        scenario.GoOutOnRedeliveryDay();

        Assert.True(StopRules.Stop(scenario.State, Driver, scenario.Ctx)!.FallbackAvailable);
        Assert.Equal(AttemptOutcome.Delivered, scenario.EnterFallback(PhoneLastTwo, "day2-f1").Reply.Outcome);
    }

    [Fact]
    public void Fallback_is_off_for_a_customer_flagged_when_the_route_was_built()
    {
        var scenario = OtpOutForDelivery(flagged: true);

        var decision = scenario.EnterFallback(PhoneLastTwo, "f1");

        Assert.Equal(Fault.FallbackNotAllowed, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.False(StopRules.Stop(scenario.State, Driver, scenario.Ctx)!.FallbackAvailable);
    }

    [Fact]
    public void Fallback_is_off_for_a_package_that_needs_a_code_because_the_customer_is_flagged()
    {
        var scenario = new PackageScenario().Register(Order(), flagged: true).Ship().Assign();

        Assert.Equal(Fault.FallbackNotAllowed, scenario.EnterFallback(PhoneLastTwo, "f1").Reply.Fault);
    }

    [Theory]
    [InlineData(2_000_00L, "USD", true)]
    [InlineData(2_000_01L, "USD", false)]
    [InlineData(1_800_00L, "EUR", true)]
    [InlineData(1_800_01L, "EUR", false)]
    [InlineData(1_600_01L, "GBP", false)]
    [InlineData(160_000_01L, "INR", false)]
    public void Fallback_is_off_above_the_second_value_threshold(long amountMinor, string currency, bool allowed)
    {
        var scenario = OtpOutForDelivery(amountMinor: amountMinor, currency: currency);

        var decision = scenario.EnterFallback(PhoneLastTwo, "f1");

        if (allowed) Assert.Equal(AttemptOutcome.Delivered, decision.Reply.Outcome);
        else Assert.Equal(Fault.FallbackNotAllowed, decision.Reply.Fault);
    }

    [Fact]
    public void Fallback_is_off_for_a_currency_with_no_second_threshold()
    {
        var scenario = OtpOutForDelivery(amountMinor: 1, currency: "JPY");

        var decision = scenario.EnterFallback(PhoneLastTwo, "f1");

        Assert.Equal(Fault.FallbackNotAllowed, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Fallback_on_a_package_without_a_code_is_invalid()
    {
        var scenario = PlainOutForDelivery();

        Assert.Equal(Fault.InvalidState, scenario.EnterFallback(PhoneLastTwo, "f1").Reply.Fault);
    }
}
