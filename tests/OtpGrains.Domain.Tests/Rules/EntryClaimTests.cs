namespace OtpGrains.Tests.Rules;

/// <summary>Which commands ask the driver's budgets first, and what an entry tells the driver's record.</summary>
public sealed class EntryClaimTests
{
    [Fact]
    public void Only_an_entry_that_would_be_judged_asks_for_a_budget_unit()
    {
        var package = PackageScenario.OtpOutForDelivery();
        var code = new DriverCommand(DriverCommandKind.Code, PackageScenario.Driver, "k1", "000000");

        Assert.Equal(new EntryClaim(package.TrackingId, false), DoorstepRules.Claim(package.State, code, package.Ctx));
        Assert.True(DoorstepRules.Claim(package.State, code with { Kind = DriverCommandKind.Fallback }, package.Ctx)!.Fallback);
        Assert.Null(DoorstepRules.Claim(package.State, code with { DriverId = "D-other" }, package.Ctx));
        Assert.Null(DoorstepRules.Claim(package.State, code with { Kind = DriverCommandKind.Undeliverable }, package.Ctx));

        package.EnterCode(package.WrongCode(), "k1");
        Assert.Null(DoorstepRules.Claim(package.State, code, package.Ctx));
        package.Lock();
        Assert.Null(DoorstepRules.Claim(package.State, code with { IdempotencyKey = "k9" }, package.Ctx));
    }

    [Fact]
    public void Wrong_entries_and_the_locking_one_tell_the_driver_with_their_reservation()
    {
        var package = PackageScenario.OtpOutForDelivery();
        var wrong = package.WrongCode();
        for (var i = 1; i <= 3; i++)
            package.State = DoorstepRules.Handle(package.State, new DriverCommand(DriverCommandKind.Code, PackageScenario.Driver, $"k{i}", wrong), package.Ctx, $"r-{i}").State;

        var events = package.DriverEvents.Where(e => e.Kind is DriverEventKind.WrongEntry or DriverEventKind.Locked).ToList();
        Assert.Equal([DriverEventKind.WrongEntry, DriverEventKind.WrongEntry, DriverEventKind.Locked], events.Select(e => e.Kind));
        Assert.Equal(["r-1", "r-2", "r-3"], events.Select(e => e.Reservation));
        Assert.All(events, e => Assert.False(e.ViaFallback));
    }

    [Fact]
    public void A_refusal_by_the_drivers_budget_stores_nothing_and_says_when_to_retry()
    {
        var package = PackageScenario.OtpOutForDelivery();

        var hourly = DoorstepRules.OverBudget(package.State, new BudgetGrant(null, DriverBudgetKind.HourlyEntries, 120), package.Ctx);
        var daily = DoorstepRules.OverBudget(package.State, new BudgetGrant(null, DriverBudgetKind.DailyFallbacks, 600), package.Ctx);

        Assert.Equal((Fault.TooManyRequests, 120), (hourly.Fault, hourly.RetryAfterSeconds));
        Assert.Equal(Fault.FallbackNotAllowed, daily.Fault);
        Assert.Null(daily.RetryAfterSeconds);
    }
}
