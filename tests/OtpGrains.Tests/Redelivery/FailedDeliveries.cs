using OtpGrains.Tests.Grains;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Redelivery;

/// <summary>
/// Drives packages at a station of the test's own to a failed delivery day, so the redelivery job
/// finds them through the index grains. Each package's customer id is derived from its tracking id.
/// A driver acts only on today's stops, so a failure on a date happens with the silo's clock on that
/// date (<see cref="On"/>), which is then put back.
/// </summary>
public sealed class FailedDeliveries(IGrainFactory grains, SettableTime time)
{
    private const int StopsPerRoute = 50;
    private const int Concurrency = 32;
    private static readonly TimeOnly BlockStart = new(13, 0);
    private static readonly TimeOnly BlockEnd = new(20, 0);

    public static string NewStation() => Deliveries.NewId("ST");

    public static string CustomerOf(string trackingId) => $"C-{trackingId}";

    public IPackageGrain Package(string trackingId) => grains.GetGrain<IPackageGrain>(trackingId);

    public async Task<CustomerPackageView> View(string trackingId) =>
        (await Package(trackingId).GetCustomerView(CustomerOf(trackingId))).Value ?? throw new InvalidOperationException($"no view of {trackingId}");

    /// <summary>Registers and ships a package at the station: a laptop (needs a code) or a book (does not).</summary>
    public async Task<string> Shipped(string stationId, bool needsCode = true)
    {
        var trackingId = Deliveries.NewId("PKG");
        var customer = CustomerOf(trackingId);
        var registration = (needsCode ? Deliveries.Laptop(customer) : Deliveries.Book(customer)) with { StationId = stationId };
        Assert.True((await Package(trackingId).Register(registration)).IsOk);
        Assert.True((await Package(trackingId).Ship()).IsOk);
        return trackingId;
    }

    /// <summary>Puts the packages on routes at the station for the date, one driver per route; returns each package's driver.</summary>
    public async Task<IReadOnlyDictionary<string, string>> OutForDelivery(string stationId, DateOnly date, IReadOnlyList<string> trackingIds)
    {
        var drivers = new Dictionary<string, string>();
        var routes = trackingIds.Chunk(StopsPerRoute).Select(stops => (Driver: Deliveries.NewId("D"), Stops: stops)).ToList();
        foreach (var (driver, stops) in routes)
        {
            foreach (var stop in stops) drivers[stop] = driver;
        }

        await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (route, _) =>
        {
            var built = await grains.GetGrain<IRouteGrain>(GrainKeys.Route(stationId, Deliveries.NewId("R")))
                .Build(new BuildRoute(route.Driver, date, BlockStart, BlockEnd, [.. route.Stops]));
            Assert.True(built.IsOk, built.Detail);
        });
        return drivers;
    }

    /// <summary>Runs <paramref name="work"/> with the silo's clock at noon UTC on <paramref name="date"/>, then puts the clock back.</summary>
    public async Task On(DateOnly date, Func<Task> work)
    {
        var before = time.GetUtcNow();
        time.Set(new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        try
        {
            await work();
        }
        finally
        {
            time.Set(before);
        }
    }

    /// <summary>
    /// The driver marks the stop undeliverable, after three wrong codes when <paramref name="locked"/>
    /// (on the stop's date, inside the delivery window: see <see cref="On"/>).
    /// </summary>
    public async Task Fail(string trackingId, string driverId, bool locked = false)
    {
        var package = Package(trackingId);
        if (locked)
        {
            var code = (await View(trackingId)).Otp ?? throw new InvalidOperationException("no code to get wrong");
            for (var i = 0; i < 3; i++) await package.HandleDriverCommand(Deliveries.Entry(driverId, Deliveries.WrongCode(code)));
        }

        var reason = locked ? UndeliverableReason.OtpLocked : UndeliverableReason.CustomerUnavailable;
        var reply = await package.HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driverId, Guid.NewGuid().ToString("N"), Reason: reason));
        Assert.Equal(PackageStatus.AwaitingReturn, reply.Status);
    }

    public async Task ScanBack(string trackingId, string stationId) =>
        Assert.True((await Package(trackingId).ScanReturn(stationId)).IsOk);

    /// <summary>One package that failed at the station on the date, locked or not, and scanned back or not.</summary>
    public async Task<string> FailedOn(string stationId, DateOnly date, bool locked = false, bool scannedBack = true)
    {
        var trackingId = await Shipped(stationId);
        await FailAgain(trackingId, stationId, date, locked, scannedBack);
        return trackingId;
    }

    /// <summary>Takes a shipped or rescheduled package out on the date and fails it there.</summary>
    public async Task FailAgain(string trackingId, string stationId, DateOnly date, bool locked = false, bool scannedBack = true)
    {
        await On(date, async () =>
        {
            var drivers = await OutForDelivery(stationId, date, [trackingId]);
            await Fail(trackingId, drivers[trackingId], locked);
        });
        if (scannedBack) await ScanBack(trackingId, stationId);
        await Indexed(stationId, date, [trackingId]);
    }

    /// <summary>Waits until the packages' outboxes have put them in the station's index for the date.</summary>
    public async Task Indexed(string stationId, DateOnly date, IReadOnlyCollection<string> trackingIds)
    {
        var stationDay = grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(stationId, date));
        var failureDay = grains.GetGrain<IFailedStationsGrain>(GrainKeys.Day(date));
        await Eventually.True(async () =>
            (await stationDay.GetFailed()).Intersect(trackingIds).Count() == trackingIds.Count
            && (await failureDay.GetStations()).Contains(stationId));
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> a bounded number at a time.</summary>
    public static Task ForEach<T>(IEnumerable<T> items, Func<T, Task> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) => await work(item));
}
