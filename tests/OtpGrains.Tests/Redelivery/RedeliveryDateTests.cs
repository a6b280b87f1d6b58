using Microsoft.Extensions.Time.Testing;
using OtpGrains.Domain.Stations;
using OtpGrains.Redelivery;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Redelivery;

/// <summary>
/// Without <c>--date</c> the job processes yesterday in each station's own time zone. The job reads its
/// own clock and calendars, so these tests give it a fake clock and far-off zones, and use failure dates
/// no other test uses (a run without <c>--station</c> sees every station's failures on those dates).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedeliveryDateTests(ClusterFixture fixture)
{
    private readonly Deliveries failed = new(fixture.Grains, fixture.Time);

    private static StationDirectory Zones(params (string StationId, string TimeZone)[] stations) =>
        new(new StationOptions(), stations.ToDictionary(s => s.StationId, s => new StationOptions { TimeZone = s.TimeZone }));

    private RedeliveryRun Job(StationDirectory stations, DateTimeOffset now) => new(fixture.Grains, stations, new FakeTimeProvider(now));

    [Fact]
    public async Task Without_a_date_each_station_is_processed_for_its_own_local_yesterday()
    {
        // Thursday 2027-01-14 10:00 UTC is Wednesday 23:00 in Pago Pago (UTC-11) and Friday 00:00 on
        // Kiritimati (UTC+14): their yesterdays are the 12th and the 14th, UTC's the 13th.
        var now = new DateTimeOffset(2027, 1, 14, 10, 0, 0, TimeSpan.Zero);
        var (pago, utc, kiritimati) = (Deliveries.NewStation(), Deliveries.NewStation(), Deliveries.NewStation());
        var stations = Zones((pago, "Pacific/Pago_Pago"), (kiritimati, "Pacific/Kiritimati"));
        var due = new[]
        {
            await failed.FailedOn(pago, new DateOnly(2027, 1, 12)),
            await failed.FailedOn(utc, new DateOnly(2027, 1, 13)),
            await failed.FailedOn(kiritimati, new DateOnly(2027, 1, 14)),
        };
        var notYesterday = new[]
        {
            await failed.FailedOn(pago, new DateOnly(2027, 1, 13)),
            await failed.FailedOn(utc, new DateOnly(2027, 1, 12)),
            await failed.FailedOn(kiritimati, new DateOnly(2027, 1, 13)),
        };

        var summary = await Job(stations, now).ExecuteAsync(new RedeliveryArguments());

        Assert.Equal("2027-01-12,2027-01-13,2027-01-14", summary.Date);
        Assert.Equal(
            [(pago, new DateOnly(2027, 1, 12)), (utc, new DateOnly(2027, 1, 13)), (kiritimati, new DateOnly(2027, 1, 14))],
            summary.Stations.Select(s => (s.StationId, s.Date)));
        Assert.Equal(3, summary.Scheduled);
        foreach (var trackingId in due)
            Assert.Equal(PackageStatus.ScheduledForRedelivery, (await failed.View(trackingId)).Status);
        foreach (var trackingId in notYesterday)
            Assert.Equal(PackageStatus.ReturnedToStation, (await failed.View(trackingId)).Status);
    }

    [Fact]
    public async Task One_station_without_a_date_uses_that_stations_local_yesterday()
    {
        // 2027-01-21 11:00 UTC is already the 22nd on Kiritimati, so its yesterday is the 21st, not UTC's 20th.
        var now = new DateTimeOffset(2027, 1, 21, 11, 0, 0, TimeSpan.Zero);
        var station = Deliveries.NewStation();
        var stations = Zones((station, "Pacific/Kiritimati"));
        var localYesterday = await failed.FailedOn(station, new DateOnly(2027, 1, 21));
        var utcYesterday = await failed.FailedOn(station, new DateOnly(2027, 1, 20));

        var summary = await Job(stations, now).ExecuteAsync(new RedeliveryArguments(StationId: station));

        Assert.Equal("2027-01-21", summary.Date);
        Assert.Equal(1, summary.Scheduled);
        Assert.Equal(PackageStatus.ScheduledForRedelivery, (await failed.View(localYesterday)).Status);
        Assert.Equal(PackageStatus.ReturnedToStation, (await failed.View(utcYesterday)).Status);
    }

    [Fact]
    public async Task With_no_failures_anywhere_the_summary_names_yesterday_in_the_default_zone()
    {
        var stations = new StationDirectory(new StationOptions { TimeZone = "Pacific/Kiritimati" }, new Dictionary<string, StationOptions>());

        var summary = await Job(stations, new DateTimeOffset(2027, 6, 15, 12, 0, 0, TimeSpan.Zero)).ExecuteAsync(new RedeliveryArguments());

        Assert.Empty(summary.Stations);
        Assert.Equal("2027-06-15", summary.Date);
    }
}
