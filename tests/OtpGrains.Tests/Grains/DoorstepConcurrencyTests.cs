using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Grains;

/// <summary>The package grain serializes attempts: real parallel calls, exact counts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DoorstepConcurrencyTests(ClusterFixture fixture)
{
    private readonly Deliveries deliveries = new(fixture.Grains);

    [Fact]
    public async Task Thousand_concurrent_wrong_codes_count_exactly_three_and_lock_the_rest()
    {
        var stop = await deliveries.AtTheDoor();
        var (driver, wrong, package) = (stop.DriverId, stop.Wrong, stop.Package);

        var replies = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => package.HandleDriverCommand(Deliveries.Entry(driver, wrong)))));

        Assert.Equal(2, replies.Count(r => r.Outcome == AttemptOutcome.WrongCode));
        Assert.Single(replies, r => r.Outcome == AttemptOutcome.Locked);
        Assert.Equal(997, replies.Count(r => r.Fault == Fault.OtpLocked));
        var line = await package.GetStop(driver);
        Assert.Equal(PackageStatus.OtpLocked, line!.Status);
        Assert.Equal(0, line.AttemptsLeft);
        var audit = (await package.GetSupportView()).Value!.Audit;
        Assert.Equal(3, audit.Count(a => a.Action == "attempt"));
    }

    [Fact]
    public async Task Same_idempotency_key_fifty_times_at_once_spends_one_attempt_and_answers_identically()
    {
        var stop = await deliveries.AtTheDoor();
        var (driver, wrong, package) = (stop.DriverId, stop.Wrong, stop.Package);
        var command = Deliveries.Entry(driver, wrong, key: "retry-me");

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => package.HandleDriverCommand(command))));

        Assert.All(replies, r => Assert.Equal(replies[0], r));
        Assert.Equal(AttemptOutcome.WrongCode, replies[0].Outcome);
        Assert.Equal(2, replies[0].AttemptsLeft);
        Assert.Equal(2, (await package.GetStop(driver))!.AttemptsLeft);
    }

    [Fact]
    public async Task Correct_code_among_concurrent_wrong_ones_delivers_once()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var code = await deliveries.Code(trackingId, customer);
        var package = deliveries.Package(trackingId);

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => package.HandleDriverCommand(Deliveries.Entry(driver, i == 0 ? code : Deliveries.WrongCode(code))))));

        var delivered = replies.Count(r => r.Outcome == AttemptOutcome.Delivered);
        var counted = replies.Count(r => r.Outcome is not null);
        Assert.True(delivered <= 1);
        Assert.True(counted <= 3);
        var final = (await package.GetCustomerView(customer)).Value!;
        Assert.Equal(delivered == 1 ? PackageStatus.Delivered : PackageStatus.OtpLocked, final.Status);
    }
}
