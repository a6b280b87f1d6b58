using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Grains;

/// <summary>Whole flows across the package, route, driver, customer and index grains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeliveryFlowTests(ClusterFixture fixture)
{
    private readonly Deliveries deliveries = new(fixture.Grains);

    private IDriverGrain Driver(string id) => fixture.Grains.GetGrain<IDriverGrain>(id);

    [Fact]
    public async Task Shipping_emails_the_code_that_the_tracking_page_shows_and_a_resend_repeats_it()
    {
        var customer = Deliveries.NewId("C");
        var trackingId = await deliveries.Shipped(Deliveries.Laptop(customer));
        var code = await deliveries.Code(trackingId, customer);

        Assert.True((await deliveries.Package(trackingId).ResendCode(customer, fresh: false, "r1")).IsOk);

        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Count() == 2));
        var emails = fixture.Emails.For(trackingId).ToList();
        Assert.All(emails, e => Assert.Contains(code, e.TextBody));
        Assert.All(emails, e => Assert.DoesNotContain(code, e.Subject));
        Assert.All(emails, e => Assert.Equal($"{customer}@example.com", e.To));
    }

    [Fact]
    public async Task Support_reissue_emails_a_new_code_and_the_old_one_stops_working()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var old = await deliveries.Code(trackingId, customer);

        Assert.True((await deliveries.Package(trackingId).ReissueCode("agent-1", "r1")).IsOk);
        var fresh = await deliveries.Code(trackingId, customer);
        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Any(e => e.TextBody.Contains(fresh) && e.Subject != fixture.Emails.For(trackingId).First().Subject)));

        var reply = await deliveries.Package(trackingId).HandleDriverCommand(Deliveries.Entry(driver, old));
        if (old != fresh) Assert.Equal(AttemptOutcome.WrongCode, reply.Outcome);
        var delivered = await deliveries.Package(trackingId).HandleDriverCommand(Deliveries.Entry(driver, fresh));
        Assert.Equal(AttemptOutcome.Delivered, delivered.Outcome);
    }

    [Fact]
    public async Task Removing_a_stop_before_the_block_starts_leaves_the_driver_unharmed()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.Shipped(Deliveries.Laptop(customer));
        var route = fixture.Grains.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));
        var built = await route.Build(new BuildRoute(driver, TestClock.Today, new TimeOnly(20, 0), new TimeOnly(22, 30), [trackingId]));
        Assert.Contains(built.Value!.Stops.Single().Warnings, w => w.StartsWith(BlockAdvice.LateBlock, StringComparison.Ordinal));

        var removed = await route.RemoveStop(trackingId);
        var repeated = await route.RemoveStop(trackingId);

        Assert.True(removed.IsOk);
        Assert.True(repeated.IsOk, "a retried removal answers as the first did");
        Assert.Empty(removed.Value!.Stops);
        Assert.Equal(PackageStatus.Shipped, (await deliveries.Package(trackingId).GetCustomerView(customer)).Value!.Status);
        await Eventually.True(async () => (await Driver(driver).GetReliability()).RemovedBeforeStart == 1);
        var report = await Driver(driver).GetReliability();
        Assert.Null(report.Reliability);
        Assert.Equal(0, report.Undeliverable.Values.Sum());
    }

    [Fact]
    public async Task Route_is_all_or_nothing_when_one_package_cannot_go_out()
    {
        var customer = Deliveries.NewId("C");
        var ready = await deliveries.Shipped(Deliveries.Laptop(customer));
        var notShipped = Deliveries.NewId("PKG");
        await deliveries.Package(notShipped).Register(Deliveries.Laptop(customer));
        var route = fixture.Grains.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));

        var built = await route.Build(new BuildRoute(Deliveries.NewId("D"), TestClock.Today, new TimeOnly(13, 0), new TimeOnly(18, 0), [ready, notShipped]));

        Assert.Equal(Fault.InvalidState, built.Fault);
        Assert.Equal(PackageStatus.Shipped, (await deliveries.Package(ready).GetCustomerView(customer)).Value!.Status);
        Assert.Null(await route.Get());
    }

    [Fact]
    public async Task Route_cannot_change_after_its_block_started()
    {
        var customer = Deliveries.NewId("C");
        var trackingId = await deliveries.Shipped(Deliveries.Laptop(customer));
        var route = fixture.Grains.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));

        var built = await route.Build(new BuildRoute(Deliveries.NewId("D"), TestClock.Today, new TimeOnly(11, 0), new TimeOnly(18, 0), [trackingId]));

        Assert.Equal(Fault.RouteStarted, built.Fault);
    }

    [Fact]
    public async Task Failed_day_reaches_the_station_index_and_a_late_scan_counts_against_the_driver()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var failed = await deliveries.Package(trackingId).HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driver, "u1", Reason: UndeliverableReason.CustomerUnavailable));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), failed.ReturnBy);

        await Eventually.True(async () => (await fixture.Grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(Deliveries.Station, TestClock.Today)).GetFailed()).Contains(trackingId));
        Assert.Contains(Deliveries.Station, await fixture.Grains.GetGrain<IFailedStationsGrain>(GrainKeys.Day(TestClock.Today)).GetStations());

        fixture.Time.Advance(TimeSpan.FromHours(22) + TimeSpan.FromMinutes(1));
        try
        {
            var scan = await deliveries.Package(trackingId).ScanReturn(Deliveries.Station);
            Assert.False(scan.Value!.OnTime);
            await Eventually.True(async () => (await Driver(driver).GetReliability()).LateReturns == 1);
        }
        finally
        {
            fixture.Time.Set(TestClock.Noon);
        }
    }

    [Fact]
    public async Task Excused_failure_no_longer_lowers_reliability()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var delivered = await deliveries.OutForDelivery(Deliveries.Book(customer), driver);
        await deliveries.Package(delivered).HandleDriverCommand(new DriverCommand(DriverCommandKind.Delivered, driver, "d1", RecipientName: "Sam"));
        var failed = await deliveries.OutForDelivery(Deliveries.Book(customer), driver);
        await deliveries.Package(failed).HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driver, "u1", Reason: UndeliverableReason.TooEarlyOrTooLate));
        await Eventually.True(async () => (await Driver(driver).GetReliability()).Reliability == 0.5);

        Assert.True((await deliveries.Package(failed).Excuse("agent-7", "driver called support")).IsOk);

        await Eventually.True(async () => (await Driver(driver).GetReliability()).Reliability == 1.0);
        var report = await Driver(driver).GetReliability();
        Assert.Equal(1, report.Excused);
        Assert.Equal(2, report.Assigned);
    }

    [Fact]
    public async Task Two_missing_reports_flag_the_customer_so_their_next_cheap_package_needs_a_code()
    {
        var customer = Deliveries.NewId("C");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var driver = Deliveries.NewId("D");
            var trackingId = await deliveries.OutForDelivery(Deliveries.Book(customer), driver);
            await deliveries.Package(trackingId).HandleDriverCommand(new DriverCommand(DriverCommandKind.Delivered, driver, "d", RecipientName: "Sam"));
            Assert.True((await deliveries.Package(trackingId).ReportMissing(customer)).IsOk);
        }
        await Eventually.True(() => fixture.Grains.GetGrain<ICustomerGrain>(customer).IsFlagged());

        var next = Deliveries.NewId("PKG");
        var registered = await deliveries.Package(next).Register(Deliveries.Book(customer));

        Assert.Equal([OtpReason.FlaggedCustomer], registered.Value!.Package.OtpReasons);
    }

    [Fact]
    public async Task Redelivery_schedules_returned_packages_from_the_station_index_once()
    {
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var trackingId = await deliveries.OutForDelivery(Deliveries.Laptop(customer), driver);
        var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
        var package = deliveries.Package(trackingId);
        for (var i = 0; i < 3; i++) await package.HandleDriverCommand(Deliveries.Entry(driver, wrong));
        await package.HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driver, "u", Reason: UndeliverableReason.OtpLocked));
        Assert.True((await package.ScanReturn(Deliveries.Station)).IsOk);
        var oldCode = await deliveries.Code(trackingId, customer);

        var first = await package.ScheduleRedelivery(TestClock.Today);
        var second = await package.ScheduleRedelivery(TestClock.Today);

        Assert.Equal(RedeliveryOutcome.ScheduledWithNewCode, first.Value);
        Assert.Equal(RedeliveryOutcome.AlreadyHandled, second.Value);
        var view = (await package.GetCustomerView(customer)).Value!;
        Assert.Equal(PackageStatus.ScheduledForRedelivery, view.Status);
        Assert.Equal(new DateOnly(2026, 11, 28), view.RedeliveryDate);
        var newCode = view.Otp!;
        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Any(e => e.TextBody.Contains("2026-11-28"))));
        var notice = fixture.Emails.For(trackingId).Single(e => e.TextBody.Contains("2026-11-28"));
        Assert.Contains(newCode, notice.TextBody);
        Assert.True(oldCode != newCode || notice.TextBody.Contains(newCode));
    }
}
