using System.Collections.Concurrent;
using System.Diagnostics;
using OtpGrains.Redelivery;
using OtpGrains.Tests.Grains;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Redelivery;

/// <summary>A morning with thousands of failed packages: each handled exactly once, found only through the indexes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedeliveryScaleTests(ClusterFixture fixture)
{
    private const int StationCount = 4;
    private const int PackagesPerStation = 500;

    // No other test fails packages on this date, so a run over every station sees only these.
    private static readonly DateOnly Date = new(2027, 2, 3);

    private readonly Deliveries failed = new(fixture.Grains, fixture.Time);

    [Fact]
    public async Task Thousands_of_returned_packages_are_each_scheduled_exactly_once()
    {
        var stations = Enumerable.Range(0, StationCount).Select(_ => Deliveries.NewStation()).ToList();
        var packages = new Dictionary<string, List<string>>();
        var notReturned = new HashSet<string>();
        foreach (var station in stations)
        {
            var shipped = new ConcurrentBag<string>();
            await Deliveries.ForEach(Enumerable.Range(0, PackagesPerStation), async _ => shipped.Add(await failed.Shipped(station, needsCode: false)));
            var ids = shipped.ToList();
            packages[station] = ids;
            // Every tenth package is never scanned back at the station.
            notReturned.UnionWith(ids.Where((_, i) => i % 10 == 0));
        }

        // Shipped at a failing station but never out for delivery: in no index, so the job never sees it.
        var untouched = await failed.Shipped(stations[0], needsCode: false);
        await failed.On(Date, () => Deliveries.ForEach(stations, async station =>
        {
            var drivers = await failed.OutForDelivery(station, Date, packages[station]);
            await Deliveries.ForEach(packages[station], async trackingId =>
            {
                await failed.Fail(trackingId, drivers[trackingId]);
                if (!notReturned.Contains(trackingId)) await failed.ScanBack(trackingId, station);
            });
            await failed.Indexed(station, Date, packages[station]);
        }));

        var job = new RedeliveryRun(fixture.Grains, RedeliveryRunTests.UtcStations, fixture.Time);
        var clock = Stopwatch.StartNew();
        var first = await job.ExecuteAsync(new RedeliveryArguments(Date));
        var elapsed = clock.Elapsed;
        var second = await job.ExecuteAsync(new RedeliveryArguments(Date));

        var total = StationCount * PackagesPerStation;
        Assert.Equal(stations.Order(), first.Stations.Select(s => s.StationId).Order());
        Assert.Equal((total - notReturned.Count, 0, 0, notReturned.Count, 0), (first.Scheduled, first.NewCodes, first.ReturnedToShipper, first.NotReturned, first.AlreadyHandled));
        Assert.Empty(first.Failures);
        Assert.Equal((0, notReturned.Count, total - notReturned.Count), (second.Scheduled, second.NotReturned, second.AlreadyHandled));
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"The run took {elapsed}.");

        var all = packages.Values.SelectMany(ids => ids).ToList();
        var redeliveryAudits = new ConcurrentDictionary<string, int>();
        await Deliveries.ForEach(all, async trackingId =>
        {
            var audit = (await failed.Package(trackingId).GetSupportView()).Value!.Audit;
            redeliveryAudits[trackingId] = audit.Count(a => a.Action == "redelivery");
        });
        Assert.All(all, id => Assert.Equal(notReturned.Contains(id) ? 0 : 1, redeliveryAudits[id]));
        await Deliveries.ForEach(all, async trackingId =>
            Assert.Equal(notReturned.Contains(trackingId) ? PackageStatus.AwaitingReturn : PackageStatus.ScheduledForRedelivery, (await failed.View(trackingId)).Status));
        Assert.Equal(PackageStatus.Shipped, (await failed.View(untouched)).Status);

        // One notice per scheduled package, however many runs.
        var expected = all.Where(id => !notReturned.Contains(id)).ToHashSet();
        await Eventually.True(() => Task.FromResult(NoticesFor(expected).Count == expected.Count), timeoutMs: 20_000);
        Assert.All(NoticesFor(expected), notice => Assert.Equal(1, notice.Value));
    }

    private Dictionary<string, int> NoticesFor(HashSet<string> trackingIds) =>
        fixture.Emails.Sent
            .Where(e => e.Subject.Contains("will be delivered again", StringComparison.Ordinal))
            .Select(e => e.Subject.Split(' ')[1])
            .Where(trackingIds.Contains)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
}
