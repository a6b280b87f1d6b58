using OtpGrains.Domain.Stations;
using OtpGrains.Redelivery;
using OtpGrains.Tests.Grains;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Redelivery;

/// <summary>The job against the real grains, one station of each test's own, for an explicit date.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedeliveryRunTests(ClusterFixture fixture)
{
    private static readonly DateOnly Saturday = new(2026, 11, 28);
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private readonly Deliveries failed = new(fixture.Grains, fixture.Time);

    /// <summary>The job's calendars; like the silo's, every station keeps UTC and works Monday to Saturday.</summary>
    public static StationDirectory UtcStations { get; } = new(new StationOptions(), new Dictionary<string, StationOptions>());

    private RedeliveryRun Job => new(fixture.Grains, UtcStations, fixture.Time);

    private Task<RedeliverySummary> RunAsync(string stationId, DateOnly date) =>
        Job.ExecuteAsync(new RedeliveryArguments(date, stationId));

    [Fact]
    public async Task Returned_package_is_scheduled_for_the_next_working_day_and_the_customer_is_told_the_date()
    {
        var station = Deliveries.NewStation();
        var trackingId = await failed.FailedOn(station, TestClock.Today);

        var summary = await RunAsync(station, TestClock.Today);

        Assert.Equal((1, 1, 0, 0, 0), (summary.Stations.Length, summary.Scheduled, summary.NewCodes, summary.ReturnedToShipper, summary.NotReturned));
        Assert.Equal("2026-11-27", summary.Date);
        var view = await failed.View(trackingId);
        Assert.Equal(PackageStatus.ScheduledForRedelivery, view.Status);
        Assert.Equal(Saturday, view.RedeliveryDate);
        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Any(e => e.TextBody.Contains("2026-11-28"))));
        var notice = fixture.Emails.For(trackingId).Single(e => e.TextBody.Contains("2026-11-28"));
        Assert.Equal($"{Deliveries.CustomerOf(trackingId)}@example.com", notice.To);
    }

    [Fact]
    public async Task Second_run_for_the_same_day_changes_nothing()
    {
        var station = Deliveries.NewStation();
        var trackingId = await failed.FailedOn(station, TestClock.Today, locked: true);
        await RunAsync(station, TestClock.Today);
        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Any(e => e.TextBody.Contains("2026-11-28"))));
        var viewBefore = await failed.View(trackingId);
        var auditBefore = (await failed.Package(trackingId).GetSupportView()).Value!.Audit.Count;
        var emailsBefore = fixture.Emails.For(trackingId).Count();

        var second = await RunAsync(station, TestClock.Today);
        await Task.Delay(300); // room for any outbox message a change would have queued

        Assert.Equal((0, 0, 0, 0, 1), (second.Scheduled, second.NewCodes, second.ReturnedToShipper, second.NotReturned, second.AlreadyHandled));
        Assert.Empty(second.Failures);
        Assert.Equal(viewBefore, await failed.View(trackingId));
        Assert.Equal(auditBefore, (await failed.Package(trackingId).GetSupportView()).Value!.Audit.Count);
        Assert.Equal(emailsBefore, fixture.Emails.For(trackingId).Count());
    }

    [Fact]
    public async Task Day_that_ended_locked_gets_a_new_code_and_an_unlocked_day_keeps_its_code()
    {
        var station = Deliveries.NewStation();
        var locked = await failed.FailedOn(station, TestClock.Today, locked: true);
        var unlocked = await failed.FailedOn(station, TestClock.Today);
        var unlockedCode = (await failed.View(unlocked)).Otp;

        var summary = await RunAsync(station, TestClock.Today);

        Assert.Equal((2, 1), (summary.Scheduled, summary.NewCodes));
        var newCode = (await failed.View(locked)).Otp!;
        await Eventually.True(() => Task.FromResult(
            fixture.Emails.For(locked).Any(e => e.TextBody.Contains("2026-11-28")) && fixture.Emails.For(unlocked).Any(e => e.TextBody.Contains("2026-11-28"))));
        var lockedNotice = fixture.Emails.For(locked).Single(e => e.TextBody.Contains("2026-11-28")).TextBody;
        Assert.Contains("has changed", lockedNotice);
        Assert.Contains(newCode, lockedNotice);
        Assert.Equal(unlockedCode, (await failed.View(unlocked)).Otp);
        Assert.Contains("has not changed", fixture.Emails.For(unlocked).Single(e => e.TextBody.Contains("2026-11-28")).TextBody);
    }

    [Fact]
    public async Task Package_not_scanned_back_is_counted_as_not_returned_and_left_unchanged()
    {
        var station = Deliveries.NewStation();
        var trackingId = await failed.FailedOn(station, TestClock.Today, scannedBack: false);
        var before = await failed.View(trackingId);

        var summary = await RunAsync(station, TestClock.Today);

        Assert.Equal((0, 1), (summary.Scheduled, summary.NotReturned));
        Assert.Equal(before, await failed.View(trackingId));
        Assert.Equal(PackageStatus.AwaitingReturn, before.Status);

        // Scanned back late, the next run for the same day schedules it after all.
        await failed.ScanBack(trackingId, station);
        var later = await RunAsync(station, TestClock.Today);
        Assert.Equal((1, 0), (later.Scheduled, later.NotReturned));
    }

    [Fact]
    public async Task Third_failed_day_sends_the_package_back_to_the_shipper()
    {
        var station = Deliveries.NewStation();
        var trackingId = await failed.FailedOn(station, TestClock.Today);
        Assert.Equal(1, (await RunAsync(station, TestClock.Today)).Scheduled);
        await failed.FailAgain(trackingId, station, Saturday);
        Assert.Equal(1, (await RunAsync(station, Saturday)).Scheduled);
        Assert.Equal(Monday, (await failed.View(trackingId)).RedeliveryDate);
        await failed.FailAgain(trackingId, station, Monday);

        var third = await RunAsync(station, Monday);

        Assert.Equal((0, 1), (third.Scheduled, third.ReturnedToShipper));
        Assert.Equal(PackageStatus.ReturnToSender, (await failed.View(trackingId)).Status);
        // Earlier days stay handled: running them again changes nothing.
        Assert.Equal(1, (await RunAsync(station, TestClock.Today)).AlreadyHandled);
    }

    [Fact]
    public async Task Station_holiday_in_the_silos_calendar_moves_the_redelivery_past_it()
    {
        // ClusterFixture configures this station with 2026-11-28 as a holiday; Sunday is not a working day.
        var trackingId = await failed.FailedOn(ClusterFixture.HolidayStation, TestClock.Today);

        var summary = await RunAsync(ClusterFixture.HolidayStation, TestClock.Today);

        Assert.Equal(1, summary.Scheduled);
        Assert.Equal(Monday, (await failed.View(trackingId)).RedeliveryDate);
        await Eventually.True(() => Task.FromResult(fixture.Emails.For(trackingId).Any(e => e.TextBody.Contains("2026-11-30"))));
    }

    [Fact]
    public async Task Station_restriction_leaves_other_stations_failures_for_the_same_day_alone()
    {
        var date = new DateOnly(2027, 1, 20);
        var mine = Deliveries.NewStation();
        var other = Deliveries.NewStation();
        var included = await failed.FailedOn(mine, date);
        var excluded = await failed.FailedOn(other, date);

        var summary = await RunAsync(mine, date);

        Assert.Equal([mine], summary.Stations.Select(s => s.StationId));
        Assert.Equal(PackageStatus.ScheduledForRedelivery, (await failed.View(included)).Status);
        Assert.Equal(PackageStatus.ReturnedToStation, (await failed.View(excluded)).Status);
    }

    [Fact]
    public async Task Station_without_failures_gives_an_empty_summary_for_the_date()
    {
        var summary = await RunAsync(Deliveries.NewStation(), TestClock.Today);

        Assert.Empty(summary.Stations);
        Assert.Equal("2026-11-27", summary.Date);
        Assert.Equal(0, summary.Packages);
    }
}
