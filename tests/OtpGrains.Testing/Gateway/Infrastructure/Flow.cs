using System.Net;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>
/// The HTTP layer's scenario builder: sets packages up through the API the way shippers, customers and
/// stations do. Ids come from the grain layer's <see cref="Deliveries.NewId"/>.
/// </summary>
public static class Flow
{
    public const string Station = "S-1";

    /// <summary>A station at UTC+13: at the test clock's noon UTC it is 01:00 there, outside the delivery window.</summary>
    public const string NightStation = "S-NZ";

    public const string Shipper = "SH-1";

    public static object Registration(string customerId, string stationId, bool otp, long amountMinor = 120_000, string currency = "USD",
        string? email = null, string phone = "+1 555 0100 42") => new
    {
        customerId,
        customerEmail = email ?? $"{customerId.ToLowerInvariant()}@example.com",
        customerPhone = phone,
        declaredValue = new { amountMinor = otp ? amountMinor : 1_000, currency },
        category = otp ? "computers" : "books",
        stationId,
    };

    /// <summary>Registered and shipped; the code is what the customer's tracking page shows.</summary>
    public static async Task<Parcel> Shipped(Api api, bool otp = true, string station = Station, long amountMinor = 120_000,
        string? email = null, string phone = "+1 555 0100 42")
    {
        var trackingId = Deliveries.NewId("PKG");
        var customerId = Deliveries.NewId("C");
        (await api.As("shipper", Shipper, HttpMethod.Put, $"/v1/packages/{trackingId}", Registration(customerId, station, otp, amountMinor, email: email, phone: phone))).Is(HttpStatusCode.Created);
        (await api.As("shipper", Shipper, HttpMethod.Post, $"/v1/packages/{trackingId}/ship")).Is(HttpStatusCode.OK);
        var view = (await api.As("customer", customerId, HttpMethod.Get, $"/v1/customer/packages/{trackingId}")).Is(HttpStatusCode.OK);
        var code = view.Json.GetProperty("otp").GetString();
        Assert.Equal(otp, code is not null);
        return new Parcel(trackingId, customerId, station, "", "", code);
    }

    /// <summary>On a route for <paramref name="date"/> (default: the test clock's day), block 22:00-23:00 unless given.</summary>
    public static async Task<Parcel> OutForDelivery(Api api, bool otp = true, string station = Station, DateOnly? date = null,
        string blockStart = "22:00", string blockEnd = "23:00", long amountMinor = 120_000)
    {
        var parcel = await Shipped(api, otp, station, amountMinor);
        var routeId = Deliveries.NewId("R");
        var driverId = Deliveries.NewId("D");
        (await BuildRoute(api, station, routeId, driverId, date ?? TestClockDay, blockStart, blockEnd, parcel.TrackingId)).Is(HttpStatusCode.OK);
        return parcel with { RouteId = routeId, DriverId = driverId };
    }

    public static Task<Reply> BuildRoute(Api api, string station, string routeId, string driverId, DateOnly date, string blockStart, string blockEnd, params string[] trackingIds) =>
        api.As("station", station, HttpMethod.Put, $"/v1/stations/{station}/routes/{routeId}", new
        {
            driverId,
            date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            blockStart,
            blockEnd,
            trackingIds,
        });

    public static Task<Reply> Enter(Api api, Parcel parcel, string code, string? key = null) =>
        api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp"), new { code }, key ?? Guid.NewGuid().ToString());

    /// <summary>The stop as the driver's itinerary shows it.</summary>
    public static async Task<System.Text.Json.JsonElement> Stop(Api api, Parcel parcel, DateOnly? date = null)
    {
        var day = (date ?? TestClockDay).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var itinerary = (await api.As("driver", parcel.DriverId, HttpMethod.Get, $"/v1/driver/itinerary?date={day}")).Is(HttpStatusCode.OK);
        return itinerary.Json.GetProperty("routes").EnumerateArray().SelectMany(r => r.GetProperty("stops").EnumerateArray())
            .Single(s => s.GetProperty("trackingId").GetString() == parcel.TrackingId);
    }

    public static async Task<int> AttemptsLeft(Api api, Parcel parcel) => (await Stop(api, parcel)).GetProperty("attemptsLeft").GetInt32();

    public static async Task<string> Status(Api api, Parcel parcel) =>
        (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK).Json.GetProperty("status").GetString()!;

    private static DateOnly TestClockDay => TestClock.Today;
}

/// <summary>A package set up through the API, with everyone involved in it.</summary>
public sealed record Parcel(string TrackingId, string CustomerId, string StationId, string RouteId, string DriverId, string? Code)
{
    public string DriverPath(string command) => $"/v1/driver/packages/{TrackingId}/{command}";

    public string CustomerPath => $"/v1/customer/packages/{TrackingId}";

    public string SupportPath => $"/v1/support/packages/{TrackingId}";

    /// <summary>A code that is not this parcel's.</summary>
    public string WrongCode => Deliveries.WrongCode(Code);
}
