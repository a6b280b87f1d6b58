using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class HandoverTests
{
    private static DriverCommand Delivered(string key, bool leftAtDoor = false, string? recipient = null) =>
        new(DriverCommandKind.Delivered, Driver, key, RecipientName: recipient, LeftAtDoor: leftAtDoor);

    [Fact]
    public void Correct_code_delivers_to_a_named_recipient_who_may_differ_from_the_addressee()
    {
        var scenario = OtpOutForDelivery();

        scenario.EnterCode(scenario.Code, "k1", recipient: "Sam (neighbour)");

        var handover = scenario.State.Handover!;
        Assert.Equal(PackageStatus.Delivered, scenario.State.Status);
        Assert.Equal("Sam (neighbour)", handover.ReceivedBy);
        Assert.Equal(HandoverMethod.Code, handover.Method);
        Assert.Equal(Driver, handover.DriverId);
        Assert.Equal(scenario.Now, handover.At);
        Assert.False(handover.LeftAtDoor);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Otp_package_cannot_be_completed_with_the_plain_delivered_call(bool leftAtDoor)
    {
        var scenario = OtpOutForDelivery();
        var before = scenario.State;

        var decision = scenario.Drive(Delivered("d1", leftAtDoor));

        Assert.Equal(Fault.OtpRequired, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void Package_without_a_code_completes_with_the_plain_delivered_call_even_at_the_door()
    {
        var scenario = PlainOutForDelivery();

        var reply = scenario.Drive(Delivered("d1", leftAtDoor: true)).Reply;

        Assert.Equal(PackageStatus.Delivered, reply.Status);
        Assert.Null(reply.Fault);
        Assert.Equal(HandoverMethod.NoOtp, scenario.State.Handover!.Method);
        Assert.True(scenario.State.Handover.LeftAtDoor);
        Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Delivered);
    }

    [Fact]
    public void Code_entry_on_a_package_without_a_code_is_invalid()
    {
        var scenario = PlainOutForDelivery();

        var decision = scenario.EnterCode("123456", "k1");

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Code_entry_on_a_delivered_package_is_invalid()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.Code, "k1");

        var decision = scenario.EnterCode(scenario.Code, "k2");

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Delivered_package_can_be_reported_missing_once()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.Code, "k1");

        var first = CustomerRules.ReportMissing(scenario.State, Customer, scenario.Ctx);
        var second = CustomerRules.ReportMissing(first.State, Customer, scenario.Ctx);

        Assert.True(first.Changed);
        var report = Assert.Single(first.State.Outbox, m => m.MissingReport is not null).MissingReport!;
        Assert.Equal((Customer, scenario.TrackingId), (report.CustomerId, report.TrackingId));
        Assert.True(second.Reply.IsOk);
        Assert.False(second.Changed);
    }
}
