using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class ExcuseTests
{
    private static PackageScenario Failed()
    {
        var scenario = OtpOutForDelivery();
        scenario.MarkUndeliverable(UndeliverableReason.CodeMissing, "u1");
        return scenario;
    }

    private static Decision<Result<PackageView>> Excuse(PackageScenario scenario)
    {
        var decision = ReturnRules.Excuse(scenario.State, "S-1", "driver called support", scenario.Ctx);
        scenario.State = decision.State;
        return decision;
    }

    [Fact]
    public void Failure_excused_within_seven_days_sends_an_excuse_naming_the_failure_event()
    {
        var scenario = Failed();
        var failure = Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Undeliverable);
        scenario.Now = scenario.Now.AddDays(7);

        var decision = Excuse(scenario);

        Assert.True(decision.Reply.IsOk);
        var excused = Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Excused);
        Assert.Equal((Driver, failure.EventId), (excused.DriverId, excused.Excuses));
        Assert.True(scenario.State.FailedDays[^1].Excused);
    }

    [Fact]
    public void Failure_older_than_seven_days_cannot_be_excused()
    {
        var scenario = Failed();
        scenario.Now = scenario.Now.AddDays(7).AddMinutes(1);
        var before = scenario.State;

        var decision = Excuse(scenario);

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void Package_that_never_failed_has_nothing_to_excuse()
    {
        var scenario = OtpOutForDelivery();

        var decision = Excuse(scenario);

        Assert.Equal(Fault.InvalidState, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Package_that_does_not_exist_is_not_found()
    {
        var scenario = new PackageScenario();

        var decision = Excuse(scenario);

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Excuse_note_is_audited_whole_up_to_the_limit_and_refused_above_it()
    {
        var scenario = Failed();
        var tooLong = ReturnRules.Excuse(scenario.State, "S-1", new string('n', 1001), scenario.Ctx);
        Assert.Equal(Fault.ValidationFailed, tooLong.Reply.Fault);
        Assert.False(tooLong.Changed);

        var note = new string('n', 1000);
        var decision = ReturnRules.Excuse(scenario.State, "S-1", note, scenario.Ctx);

        Assert.True(decision.Reply.IsOk);
        Assert.Equal(note, decision.State.Audit.Single(a => a.Action == "excused").Outcome);
    }

    [Fact]
    public void Excusing_twice_excuses_once()
    {
        var scenario = Failed();
        Excuse(scenario);
        var afterFirst = scenario.State;

        var second = Excuse(scenario);

        Assert.True(second.Reply.IsOk);
        Assert.False(second.Changed);
        Assert.Same(afterFirst, second.State);
        Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.Excused);
    }
}
