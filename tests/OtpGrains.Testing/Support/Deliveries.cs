using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OtpGrains.Tests.Support;

/// <summary>
/// The grain layer's scenario builder: walks packages through the grains to the point a test needs
/// (one at the door, many failed on a day for the redelivery job, some on chosen silos). Packages a
/// test makes by station and date get a customer id derived from their tracking id (<see cref="CustomerOf"/>).
/// The HTTP layer's builder (<c>Flow</c>) takes its ids from <see cref="NewId"/> too.
/// </summary>
/// <param name="time">The silo's clock, for <see cref="On"/>: a driver acts only on today's stops.</param>
public sealed class Deliveries(IGrainFactory grains, SettableTime? time = null)
{
    public const string Station = "S1";

    private const int StopsPerRoute = 50;
    private const int Concurrency = 32;
    private static readonly TimeOnly BlockStart = new(13, 0);
    private static readonly TimeOnly BlockEnd = new(20, 0);

    /// <summary>A fresh id: the prefix, a dash and 12 random hex digits.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A station of the test's own, so the index grains hold only the test's packages.</summary>
    public static string NewStation() => NewId("ST");

    public static string CustomerOf(string trackingId) => $"C-{trackingId}";

    public static RegisterPackage Laptop(string customerId) =>
        new(customerId, $"{customerId}@example.com", "+1 555 010 0142", new Money(1_200_00, "USD"), "computers", Station, RequireOtp: false);

    public static RegisterPackage Book(string customerId) =>
        new(customerId, $"{customerId}@example.com", "+1 555 010 0142", new Money(20_00, "USD"), "books", Station, RequireOtp: false);

    public static DriverCommand Entry(string driverId, string code, string? key = null) =>
        new(DriverCommandKind.Code, driverId, key ?? Guid.NewGuid().ToString("N"), code, "Alex");

    /// <summary>A six-digit entry that is certainly not <paramref name="code"/>.</summary>
    public static string WrongCode(string? code) => code == "000000" ? "111111" : "000000";

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> a bounded number at a time.</summary>
    public static Task ForEach<T>(IEnumerable<T> items, Func<T, Task> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) => await work(item));

    public IPackageGrain Package(string trackingId) => grains.GetGrain<IPackageGrain>(trackingId);

    public async Task<string> Code(string trackingId, string customerId) =>
        (await Package(trackingId).GetCustomerView(customerId)).Value?.Otp ?? throw new InvalidOperationException("no code visible");

    /// <summary>The view of a package made by station (its customer is <see cref="CustomerOf"/> it).</summary>
    public async Task<CustomerPackageView> View(string trackingId) =>
        (await Package(trackingId).GetCustomerView(CustomerOf(trackingId))).Value ?? throw new InvalidOperationException($"no view of {trackingId}");

    /// <summary>Registers and ships a package; returns its tracking id (a fresh one unless given).</summary>
    public async Task<string> Shipped(RegisterPackage registration, string? trackingId = null)
    {
        trackingId ??= NewId("PKG");
        Assert.True((await Package(trackingId).Register(registration)).IsOk);
        Assert.True((await Package(trackingId).Ship()).IsOk);
        return trackingId;
    }

    /// <summary>Registers and ships a package at the station: a laptop (needs a code) or a book (does not).</summary>
    public async Task<string> Shipped(string stationId, bool needsCode = true)
    {
        var trackingId = NewId("PKG");
        var customer = CustomerOf(trackingId);
        return await Shipped((needsCode ? Laptop(customer) : Book(customer)) with { StationId = stationId }, trackingId);
    }

    /// <summary>Builds a fresh route at the station for the date, block 13:00-20:00, with the driver and the stops.</summary>
    public async Task OnRoute(string stationId, string driverId, DateOnly date, IEnumerable<string> trackingIds)
    {
        var built = await grains.GetGrain<IRouteGrain>(GrainKeys.Route(stationId, NewId("R")))
            .Build(new BuildRoute(driverId, date, BlockStart, BlockEnd, [.. trackingIds]));
        Assert.True(built.IsOk, built.Detail);
    }

    /// <summary>A shipped package on a fresh route for today, block 13:00-20:00, with the given driver.</summary>
    public async Task<string> OutForDelivery(RegisterPackage registration, string driverId)
    {
        var trackingId = await Shipped(registration);
        await OnRoute(Station, driverId, TestClock.Today, [trackingId]);
        return trackingId;
    }

    /// <summary>A high-value package out for delivery today with a fresh customer and driver.</summary>
    public async Task<DoorStop> AtTheDoor()
    {
        var customer = NewId("C");
        var driver = NewId("D");
        var trackingId = await OutForDelivery(Laptop(customer), driver);
        return new DoorStop(trackingId, customer, driver, await Code(trackingId, customer), Package(trackingId));
    }

    // Failed delivery days: what the redelivery job finds through the index grains.

    /// <summary>Puts the packages on routes at the station for the date, one driver per route; returns each package's driver.</summary>
    public async Task<IReadOnlyDictionary<string, string>> OutForDelivery(string stationId, DateOnly date, IReadOnlyList<string> trackingIds)
    {
        var drivers = new Dictionary<string, string>();
        var routes = trackingIds.Chunk(StopsPerRoute).Select(stops => (Driver: NewId("D"), Stops: stops)).ToList();
        foreach (var (driver, stops) in routes)
        {
            foreach (var stop in stops) drivers[stop] = driver;
        }

        await ForEach(routes, route => OnRoute(stationId, route.Driver, date, route.Stops));
        return drivers;
    }

    /// <summary>Runs <paramref name="work"/> with the silo's clock at noon UTC on <paramref name="date"/>, then puts the clock back.</summary>
    public async Task On(DateOnly date, Func<Task> work)
    {
        var clock = time ?? throw new InvalidOperationException("These deliveries were made without the silo's clock.");
        var before = clock.GetUtcNow();
        clock.Set(new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        try
        {
            await work();
        }
        finally
        {
            clock.Set(before);
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
            for (var i = 0; i < 3; i++) await package.HandleDriverCommand(Entry(driverId, WrongCode(code)));
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

    // Packages on chosen silos (the first call activates a grain where the placement hint says), for
    // tests that take a silo away and check what its packages kept.

    /// <summary>
    /// Registers and ships <paramref name="count"/> packages, alternating <paramref name="silos"/> so
    /// each hosts some, and routes them all to one fresh driver on <paramref name="day"/>, 13:00-20:00.
    /// </summary>
    public async Task<(string Driver, (string TrackingId, string Customer, string Wrong)[] Packages)> OutForDeliveryAcross(
        IReadOnlyList<SiloAddress> silos, int count, DateOnly day)
    {
        var driver = NewId("D");
        var packages = new (string TrackingId, string Customer, string Wrong)[count];
        for (var i = 0; i < count; i++)
        {
            var customer = NewId("C");
            var trackingId = NewId("PKG");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[i % silos.Count]);
            try
            {
                Assert.True((await Package(trackingId).Register(Laptop(customer))).IsOk);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            Assert.True((await Package(trackingId).Ship()).IsOk);
            packages[i] = (trackingId, customer, WrongCode(await Code(trackingId, customer)));
        }

        await OnRoute(Station, driver, day, packages.Select(p => p.TrackingId));
        return (driver, packages);
    }

    /// <summary>
    /// Spends 0, 1, 2 or 3 attempts (by position) on each package with its wrong code; returns every
    /// acknowledged key and reply by tracking id.
    /// </summary>
    public async Task<Dictionary<string, List<(string Key, DriverReply Reply)>>> SpendAttempts(
        string driver, IReadOnlyList<(string TrackingId, string Customer, string Wrong)> packages)
    {
        var acknowledged = new Dictionary<string, List<(string Key, DriverReply Reply)>>();
        for (var p = 0; p < packages.Count; p++)
        {
            var (trackingId, _, wrong) = packages[p];
            acknowledged[trackingId] = [];
            for (var a = 0; a < p % 4; a++)
            {
                var key = $"{trackingId}/attempt-{a}";
                var reply = await Package(trackingId).HandleDriverCommand(Entry(driver, wrong, key));
                Assert.NotNull(reply.Outcome);
                acknowledged[trackingId].Add((key, reply));
            }
        }

        return acknowledged;
    }

    /// <summary>
    /// Where each package is active now; the silo of <paramref name="silos"/> hosting the most of them
    /// is the one a test takes away, with the packages it hosts.
    /// </summary>
    public async Task<(SiloAddress Address, string[] Packages)> BusiestSilo(IEnumerable<SiloAddress> silos, IEnumerable<string> trackingIds)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var placement = new Dictionary<string, SiloAddress?>();
        foreach (var trackingId in trackingIds) placement[trackingId] = await management.GetActivationAddress(Package(trackingId));
        var busiest = silos.MaxBy(h => placement.Values.Count(v => v == h))!;
        return (busiest, [.. placement.Where(p => p.Value == busiest).Select(p => p.Key)]);
    }
}

/// <summary>A package out for delivery with its driver, customer and current code, ready for entries at the door.</summary>
public sealed record DoorStop(string TrackingId, string CustomerId, string DriverId, string Code, IPackageGrain Package)
{
    /// <summary>A six-digit entry that is certainly not the code.</summary>
    public string Wrong => Deliveries.WrongCode(Code);

    public Task<DriverReply> Enter(string code, string? key = null) => Package.HandleDriverCommand(Deliveries.Entry(DriverId, code, key));
}
