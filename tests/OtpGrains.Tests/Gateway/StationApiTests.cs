using System.Globalization;
using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class StationApiTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task Building_a_route_answers_its_stops_with_warnings_for_early_otp_stops()
    {
        var otp = await Flow.Shipped(api);
        var plain = await Flow.Shipped(api, otp: false);
        var reply = (await Flow.BuildRoute(api, "S-1", "R-early", "D-early", new DateOnly(2026, 11, 28), "05:00", "09:00", otp.TrackingId, plain.TrackingId)).Is(HttpStatusCode.OK);
        Assert.Equal(("R-early", "D-early", "2026-11-28", "05:00", "09:00"), (reply.Text("routeId"), reply.Text("driverId"), reply.Text("date"), reply.Text("blockStart"), reply.Text("blockEnd")));
        var stops = reply.Json.GetProperty("stops").EnumerateArray().ToList();
        Assert.Equal([otp.TrackingId, plain.TrackingId], stops.Select(s => s.GetProperty("trackingId").GetString()));
        Assert.Contains("early-block", stops[0].GetProperty("warnings")[0].GetString());
        Assert.Equal(0, stops[1].GetProperty("warnings").GetArrayLength());
        Assert.Equal("OutForDelivery", await Flow.Status(api, otp));
    }

    [Fact]
    public async Task A_route_whose_block_has_started_is_409_route_started()
    {
        var parcel = await Flow.Shipped(api);
        (await Flow.BuildRoute(api, "S-1", Deliveries.NewId("R"), "D-1", new DateOnly(2026, 11, 27), "04:00", "09:00", parcel.TrackingId)).Is(HttpStatusCode.Conflict, "route-started");
        Assert.Equal("Shipped", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task A_package_that_is_not_shipped_cannot_go_on_a_route()
    {
        var id = Deliveries.NewId("PKG");
        (await api.As("shipper", Flow.Shipper, HttpMethod.Put, $"/v1/packages/{id}", Flow.Registration("C-1", "S-1", otp: true))).Is(HttpStatusCode.Created);
        (await Flow.BuildRoute(api, "S-1", Deliveries.NewId("R"), "D-1", new DateOnly(2026, 11, 28), "09:00", "12:00", id)).Is(HttpStatusCode.Conflict, "invalid-state");
        (await Flow.BuildRoute(api, "S-1", Deliveries.NewId("R"), "D-1", new DateOnly(2026, 11, 28), "09:00", "12:00", Deliveries.NewId("PKG"))).Is(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Removing_a_stop_is_204_before_the_block_and_409_route_started_after()
    {
        var early = await Flow.OutForDelivery(api);
        (await api.As("station", "S-1", HttpMethod.Delete, $"/v1/stations/S-1/routes/{early.RouteId}/stops/{early.TrackingId}")).Is(HttpStatusCode.NoContent);
        Assert.Equal("Shipped", await Flow.Status(api, early));
        // A retried removal (its first answer lost) answers the same and changes nothing.
        (await api.As("station", "S-1", HttpMethod.Delete, $"/v1/stations/S-1/routes/{early.RouteId}/stops/{early.TrackingId}")).Is(HttpStatusCode.NoContent);
        Assert.Equal("Shipped", await Flow.Status(api, early));
        (await api.As("station", "S-1", HttpMethod.Delete, $"/v1/stations/S-1/routes/{early.RouteId}/stops/never-there")).Is(HttpStatusCode.NotFound, "not-found");

        // A block starting two minutes from now, then the clock moves past its start.
        var start = host.Time.GetUtcNow().AddMinutes(2);
        var parcel = await Flow.OutForDelivery(api, blockStart: start.ToString("HH:mm", CultureInfo.InvariantCulture), blockEnd: "23:00");
        host.Time.Advance(TimeSpan.FromMinutes(3));
        (await api.As("station", "S-1", HttpMethod.Delete, $"/v1/stations/S-1/routes/{parcel.RouteId}/stops/{parcel.TrackingId}")).Is(HttpStatusCode.Conflict, "route-started");
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task A_failed_package_is_scanned_back_on_time()
    {
        var parcel = await Flow.OutForDelivery(api);
        var path = $"/v1/stations/S-1/returns/{parcel.TrackingId}";
        (await api.As("station", "S-1", HttpMethod.Post, path)).Is(HttpStatusCode.NotFound, "not-found");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "AccessProblem" }, "u-1")).Is(HttpStatusCode.OK);
        var scan = (await api.As("station", "S-1", HttpMethod.Post, path)).Is(HttpStatusCode.OK);
        Assert.Equal((parcel.TrackingId, "ReturnedToStation", "True"), (scan.Text("trackingId"), scan.Text("status"), scan.Text("onTime")));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2026-11-25")]
    [InlineData("2026-12-28")]
    public async Task Route_dates_outside_yesterday_to_max_days_ahead_are_400_and_change_nothing(string date)
    {
        // The test clock's today is 2026-11-27 (UTC); Policy:MaxDaysAhead defaults to 30.
        var parcel = await Flow.Shipped(api);
        var body = new { driverId = "D-far", date, blockStart = "03:00", blockEnd = "04:00", trackingIds = new[] { parcel.TrackingId } };
        (await api.As("station", "S-1", HttpMethod.Put, $"/v1/stations/S-1/routes/{Deliveries.NewId("R")}", body)).Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal("Shipped", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task A_route_max_days_ahead_is_built()
    {
        var parcel = await Flow.Shipped(api);
        (await Flow.BuildRoute(api, "S-1", Deliveries.NewId("R"), "D-ahead", new DateOnly(2026, 12, 27), "09:00", "12:00", parcel.TrackingId)).Is(HttpStatusCode.OK);
    }

    public static readonly TheoryData<string, string> BadRoutes = new()
    {
        { "driverId", """{"driverId":"D 1","date":"2026-11-28","blockStart":"09:00","blockEnd":"12:00","trackingIds":["P-1"]}""" },
        { "date", """{"driverId":"D-1","date":"28.11.2026","blockStart":"09:00","blockEnd":"12:00","trackingIds":["P-1"]}""" },
        { "date", """{"driverId":"D-1","date":"2026-13-01","blockStart":"09:00","blockEnd":"12:00","trackingIds":["P-1"]}""" },
        { "blockStart", """{"driverId":"D-1","date":"2026-11-28","blockStart":"9:00","blockEnd":"12:00","trackingIds":["P-1"]}""" },
        { "blockEnd", """{"driverId":"D-1","date":"2026-11-28","blockStart":"09:00","blockEnd":"24:00","trackingIds":["P-1"]}""" },
        { "blockEnd", """{"driverId":"D-1","date":"2026-11-28","blockStart":"09:00","blockEnd":"12:00:00","trackingIds":["P-1"]}""" },
        { "block order", """{"driverId":"D-1","date":"2026-11-28","blockStart":"12:00","blockEnd":"09:00","trackingIds":["P-1"]}""" },
        { "trackingIds", """{"driverId":"D-1","date":"2026-11-28","blockStart":"09:00","blockEnd":"12:00","trackingIds":[]}""" },
        { "trackingIds", """{"driverId":"D-1","date":"2026-11-28","blockStart":"09:00","blockEnd":"12:00","trackingIds":["ok","not ok"]}""" },
        { "missing trackingIds", """{"driverId":"D-1","date":"2026-11-28","blockStart":"09:00","blockEnd":"12:00"}""" },
    };

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task Invalid_routes_are_400_and_change_nothing(string field, string body)
    {
        _ = field;
        var parcel = await Flow.Shipped(api);
        (await api.Send(HttpMethod.Put, $"/v1/stations/S-1/routes/{Deliveries.NewId("R")}", await api.Token("station", "S-1"), body.Replace("P-1", parcel.TrackingId)))
            .Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal("Shipped", await Flow.Status(api, parcel));
    }
}
