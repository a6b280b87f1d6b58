namespace OtpGrains.Tests.Support;

/// <summary>Walks packages through the grains to the point a test needs.</summary>
public sealed class Deliveries(IGrainFactory grains)
{
    public const string Station = "S1";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static RegisterPackage Laptop(string customerId) =>
        new(customerId, $"{customerId}@example.com", "+1 555 010 0142", new Money(1_200_00, "USD"), "computers", Station, RequireOtp: false);

    public static RegisterPackage Book(string customerId) =>
        new(customerId, $"{customerId}@example.com", "+1 555 010 0142", new Money(20_00, "USD"), "books", Station, RequireOtp: false);

    public IPackageGrain Package(string trackingId) => grains.GetGrain<IPackageGrain>(trackingId);

    /// <summary>Registers and ships a package; returns its tracking id.</summary>
    public async Task<string> Shipped(RegisterPackage registration)
    {
        var trackingId = NewId("PKG");
        Assert.True((await Package(trackingId).Register(registration)).IsOk);
        Assert.True((await Package(trackingId).Ship()).IsOk);
        return trackingId;
    }

    /// <summary>A shipped package on a fresh route for today, block 13:00-20:00, with the given driver.</summary>
    public async Task<string> OutForDelivery(RegisterPackage registration, string driverId)
    {
        var trackingId = await Shipped(registration);
        var route = grains.GetGrain<IRouteGrain>(GrainKeys.Route(Station, NewId("R")));
        var built = await route.Build(new BuildRoute(driverId, TestClock.Today, new TimeOnly(13, 0), new TimeOnly(20, 0), [trackingId]));
        Assert.True(built.IsOk, built.Detail);
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

    public async Task<string> Code(string trackingId, string customerId) =>
        (await Package(trackingId).GetCustomerView(customerId)).Value?.Otp ?? throw new InvalidOperationException("no code visible");

    public static DriverCommand Entry(string driverId, string code, string? key = null) =>
        new(DriverCommandKind.Code, driverId, key ?? Guid.NewGuid().ToString("N"), code, "Alex");

    /// <summary>A six-digit entry that is certainly not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) => code == "000000" ? "111111" : "000000";
}
