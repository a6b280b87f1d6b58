using Orleans.Runtime;
using Orleans.Storage;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Grains;

/// <summary>What the package grain acknowledged stays true across deactivation and failed deliveries of its outbox.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DurabilityTests(ClusterFixture fixture)
{
    private readonly Deliveries deliveries = new(fixture.Grains);

    [Fact]
    public async Task Spent_attempts_stay_spent_across_deactivation_and_reactivation()
    {
        var stop = await deliveries.AtTheDoor();
        var (driver, wrong, package) = (stop.DriverId, stop.Wrong, stop.Package);
        var first = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1"));
        await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2"));

        await fixture.DeactivateEverything();

        Assert.Equal(1, (await package.GetStop(driver))!.AttemptsLeft);
        Assert.Equal(first, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1")));
        var third = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k3"));
        Assert.Equal(AttemptOutcome.Locked, third.Outcome);
    }

    [Fact]
    public async Task Driver_event_that_fails_to_arrive_is_retried_and_counted_once()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var code = await deliveries.Code(trackingId, customer);
        await Eventually.True(async () => (await fixture.Grains.GetGrain<IDriverGrain>(driver).GetReliability()).Assigned == 1);

        fixture.Dispatcher.FailNextBeforeDelivery(3);
        var reply = await deliveries.Package(trackingId).HandleDriverCommand(Deliveries.Entry(driver, code));
        Assert.Equal(AttemptOutcome.Delivered, reply.Outcome);

        await Eventually.True(async () => (await fixture.Grains.GetGrain<IDriverGrain>(driver).GetReliability()).Delivered == 1);
        var report = await fixture.Grains.GetGrain<IDriverGrain>(driver).GetReliability();
        Assert.Equal(1, report.Delivered);
        Assert.Equal(1.0, report.Reliability);
    }

    [Fact]
    public async Task Driver_event_whose_acknowledgement_is_lost_is_counted_once()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Book(customer), driver);
        await Eventually.True(async () => (await fixture.Grains.GetGrain<IDriverGrain>(driver).GetReliability()).Assigned == 1);

        fixture.Dispatcher.FailNextAfterDelivery(2);
        var reply = await deliveries.Package(trackingId).HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driver, "k", Reason: UndeliverableReason.AccessProblem));
        Assert.Equal(PackageStatus.AwaitingReturn, reply.Status);

        await Eventually.True(async () => (await deliveries.Package(trackingId).GetSupportView()).IsOk
            && (await fixture.Grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(Deliveries.Station, TestClock.Today)).GetFailed()).Contains(trackingId));
        await Task.Delay(500);
        var report = await fixture.Grains.GetGrain<IDriverGrain>(driver).GetReliability();
        Assert.Equal(1, report.Undeliverable.Values.Sum());
        Assert.Equal(0.0, report.Reliability);
    }

    [Fact]
    public async Task Attempt_whose_write_fails_is_not_answered_and_not_counted()
    {
        var stop = await deliveries.AtTheDoor();
        var (driver, wrong, package) = (stop.DriverId, stop.Wrong, stop.Package);

        fixture.Storage!.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "during-outage")));
        }
        finally
        {
            fixture.Storage.FailWrites = false;
        }

        Assert.Equal(3, (await package.GetStop(driver))!.AttemptsLeft);
        var retried = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "during-outage"));
        Assert.Equal(AttemptOutcome.WrongCode, retried.Outcome);
        Assert.Equal(2, retried.AttemptsLeft);
    }

    [Fact]
    public async Task Duplicate_activation_conflict_reloads_state_and_neither_loses_nor_doubles_an_attempt()
    {
        var stop = await deliveries.AtTheDoor();
        var (driver, wrong, package) = (stop.DriverId, stop.Wrong, stop.Package);
        var first = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1"));

        await fixture.Storage!.WriteBehindTheGrainsBack<PackageState>("package", package.GetGrainId());
        await Assert.ThrowsAsync<InconsistentStateException>(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2")));

        var retried = await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k2"));
        Assert.Equal(AttemptOutcome.WrongCode, retried.Outcome);
        Assert.Equal(1, retried.AttemptsLeft);
        Assert.Equal(first, await package.HandleDriverCommand(Deliveries.Entry(driver, wrong, key: "k1")));
    }
}
