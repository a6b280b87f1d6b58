using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class CodeIssuingTests
{
    private static PackageScenario Shipped() => new PackageScenario().Register(Order(requireOtp: true)).Ship();

    private static Decision<Result<PackageView>> Resend(PackageScenario scenario, bool fresh = false, string customer = Customer)
    {
        var decision = CustomerRules.Resend(scenario.State, customer, fresh, Guid.NewGuid().ToString(), scenario.Ctx);
        scenario.State = decision.State;
        return decision;
    }

    [Fact]
    public void Shipping_issues_a_six_digit_code_and_queues_the_code_email_for_generation_1()
    {
        var scenario = Shipped();

        Assert.Matches("^[0-9]{6}$", scenario.Code);
        Assert.Equal(1, scenario.State.Code!.Generation);
        var email = Assert.Single(scenario.State.Outbox, m => m.Email is not null).Email!;
        Assert.Equal(EmailKind.CodeIssued, email.Kind);
        Assert.Equal(1, email.CodeGeneration);
    }

    [Fact]
    public void Shipping_twice_issues_the_code_once()
    {
        var scenario = Shipped();
        var first = scenario.State;

        var again = ShippingRules.Ship(first, false, scenario.Ctx);

        Assert.True(again.Reply.IsOk);
        Assert.Equal(PackageStatus.Shipped, again.Reply.Value!.Status);
        Assert.False(again.Changed);
        Assert.Same(first, again.State);
    }

    [Fact]
    public void Shipping_an_unregistered_package_is_not_found()
    {
        var decision = ShippingRules.Ship(new PackageState(), false, new PackageScenario().Ctx);

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Reissue_creates_a_new_generation_and_the_old_code_stops_working()
    {
        var scenario = Shipped();
        var old = scenario.State.Code!;
        var oldCode = scenario.Code;

        var decision = CustomerRules.Reissue(scenario.State, "S-1", Guid.NewGuid().ToString(), scenario.Ctx);
        scenario.State = decision.State;

        Assert.True(decision.Reply.IsOk);
        Assert.Equal(2, scenario.State.Code!.Generation);
        // Only a one-in-a-million draw of the same digits would let the old entry through.
        Assert.Equal(oldCode == scenario.Code, scenario.Vault.Verify(scenario.State.Code, scenario.TrackingId, oldCode));
        Assert.True(scenario.Vault.Verify(scenario.State.Code, scenario.TrackingId, scenario.Code));
        Assert.NotEqual(old.Hash, scenario.State.Code.Hash);
        Assert.Equal(2, scenario.State.Outbox.Last().Email!.CodeGeneration);
        Assert.Equal(EmailKind.CodeReissued, scenario.State.Outbox.Last().Email!.Kind);
    }

    [Fact]
    public void Old_code_entered_at_the_door_after_a_reissue_is_wrong()
    {
        var scenario = OtpOutForDelivery();
        var oldCode = scenario.Code;
        scenario.State = CustomerRules.Reissue(scenario.State, "S-1", Guid.NewGuid().ToString(), scenario.Ctx).State;
        if (scenario.Code == oldCode) scenario.State = CustomerRules.Reissue(scenario.State, "S-1", Guid.NewGuid().ToString(), scenario.Ctx).State;

        var reply = scenario.EnterCode(oldCode, "k1").Reply;

        Assert.Equal(AttemptOutcome.WrongCode, reply.Outcome);
        Assert.Equal(PackageStatus.OutForDelivery, reply.Status);
    }

    [Fact]
    public void Plain_resend_repeats_the_current_code()
    {
        var scenario = Shipped();
        var code = scenario.State.Code;

        var decision = Resend(scenario);

        Assert.True(decision.Reply.IsOk);
        Assert.Same(code, scenario.State.Code);
        var email = scenario.State.Outbox.Last().Email!;
        Assert.Equal(EmailKind.CodeResent, email.Kind);
        Assert.Equal(1, email.CodeGeneration);
    }

    [Fact]
    public void Fresh_resend_issues_a_new_generation()
    {
        var scenario = Shipped();

        Resend(scenario, fresh: true);

        Assert.Equal(2, scenario.State.Code!.Generation);
        Assert.Equal(2, scenario.State.Outbox.Last().Email!.CodeGeneration);
    }

    [Fact]
    public void Fourth_resend_on_one_station_day_is_too_many_and_changes_nothing()
    {
        var scenario = Shipped();
        for (var i = 0; i < 3; i++) Assert.True(Resend(scenario, fresh: i == 1).Reply.IsOk);
        var before = scenario.State;

        var fourth = Resend(scenario);

        Assert.Equal(Fault.TooManyRequests, fourth.Reply.Fault);
        Assert.False(fourth.Changed);
        Assert.Same(before, fourth.State);
    }

    [Fact]
    public void Resend_limit_resets_on_the_next_station_day()
    {
        var scenario = Shipped();
        for (var i = 0; i < 3; i++) Resend(scenario);

        scenario.Now = LocalInstant(Station, new DateOnly(2026, 11, 28), 0, 1);

        Assert.True(Resend(scenario).Reply.IsOk);
    }

    [Fact]
    public void Resend_day_is_the_station_local_day()
    {
        // 23:00 UTC on Friday is already Saturday in Kolkata.
        var scenario = new PackageScenario().Register(Order(station: Kolkata, requireOtp: true)).Ship();
        for (var i = 0; i < 3; i++) Resend(scenario);

        scenario.Now = new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero);

        Assert.True(Resend(scenario).Reply.IsOk);
    }

    [Fact]
    public void Another_customer_cannot_have_the_code_resent()
    {
        var scenario = Shipped();

        var decision = Resend(scenario, customer: "C-2");

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Theory]
    [InlineData(PackageStatus.Shipped)]
    [InlineData(PackageStatus.OutForDelivery)]
    [InlineData(PackageStatus.OtpLocked)]
    [InlineData(PackageStatus.AwaitingReturn)]
    [InlineData(PackageStatus.ReturnedToStation)]
    [InlineData(PackageStatus.ScheduledForRedelivery)]
    public void Customer_sees_the_code_while_it_can_still_be_used(PackageStatus status)
    {
        var scenario = Shipped();
        scenario.State = scenario.State with { Status = status };

        var view = CustomerRules.View(scenario.State, Customer, scenario.Ctx);

        Assert.Equal(scenario.Code, view.Value!.Otp);
    }

    [Fact]
    public void Customer_no_longer_sees_the_code_once_delivered()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.Code, "k1", recipient: "Alex");

        var view = CustomerRules.View(scenario.State, Customer, scenario.Ctx).Value!;

        Assert.Equal(PackageStatus.Delivered, view.Status);
        Assert.Null(view.Otp);
        Assert.Equal("Alex", view.ReceivedBy);
        Assert.Equal(scenario.Now, view.DeliveredAt);
    }

    [Fact]
    public void Customer_no_longer_sees_the_code_once_returned_to_sender()
    {
        var scenario = Shipped();
        scenario.State = scenario.State with { Status = PackageStatus.ReturnToSender };

        Assert.Null(CustomerRules.View(scenario.State, Customer, scenario.Ctx).Value!.Otp);
    }

    [Fact]
    public void Another_customer_viewing_the_package_gets_not_found()
    {
        var scenario = Shipped();

        var view = CustomerRules.View(scenario.State, "C-2", scenario.Ctx);

        Assert.Equal(Fault.NotFound, view.Fault);
        Assert.Null(view.Value);
    }

    [Fact]
    public void A_retried_fresh_code_request_issues_one_new_code_and_counts_once()
    {
        var scenario = Shipped();
        var first = CustomerRules.Resend(scenario.State, Customer, fresh: true, "req-1", scenario.Ctx);
        var retried = CustomerRules.Resend(first.State, Customer, fresh: true, "req-1", scenario.Ctx);

        Assert.True(first.Changed);
        Assert.False(retried.Changed);
        Assert.True(retried.Reply.IsOk);
        Assert.Equal(2, retried.State.Code!.Generation);
        Assert.Equal(1, retried.State.ResendCount);
    }

    [Fact]
    public void A_retried_support_reissue_replaces_the_code_once()
    {
        var scenario = Shipped();
        var first = CustomerRules.Reissue(scenario.State, "agent", "req-9", scenario.Ctx);
        var retried = CustomerRules.Reissue(first.State, "agent", "req-9", scenario.Ctx);

        Assert.False(retried.Changed);
        Assert.Equal(2, retried.State.Code!.Generation);
        Assert.Single(retried.State.Outbox, m => m.Email?.Kind == EmailKind.CodeReissued);
    }

    [Fact]
    public void Request_ids_are_remembered_for_the_policy_retention_like_driver_commands()
    {
        var scenario = Shipped();
        scenario.WithPolicy("IdempotencyRetentionHours", "2");

        scenario.State = CustomerRules.Reissue(scenario.State, "agent", "req-1", scenario.Ctx).State;
        scenario.Now = scenario.Now.AddHours(1);
        scenario.State = CustomerRules.Reissue(scenario.State, "agent", "req-2", scenario.Ctx).State;
        scenario.Now = scenario.Now.AddHours(1.5);
        scenario.State = CustomerRules.Reissue(scenario.State, "agent", "req-3", scenario.Ctx).State;

        Assert.Equal(["req-2", "req-3"], scenario.State.Requests.Keys.Order());
    }
}
