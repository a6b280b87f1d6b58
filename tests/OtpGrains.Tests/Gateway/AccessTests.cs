using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>Every route against every role: 401 without a valid token, 403 for the wrong role, 404 for what the caller may not see.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    private static readonly object Registration = Flow.Registration("C-x", "S-1", otp: true);

    /// <summary>Every /v1 route with a body that passes validation, and the roles allowed on it.</summary>
    public static readonly TheoryData<string, string, string?, string> Routes = new()
    {
        { "PUT", "/v1/packages/PKG-access", System.Text.Json.JsonSerializer.Serialize(Registration), "shipper" },
        { "POST", "/v1/packages/PKG-access/ship", null, "shipper" },
        { "PUT", "/v1/stations/S-1/routes/R-access", """{"driverId":"D-1","date":"2026-11-27","blockStart":"22:00","blockEnd":"23:00","trackingIds":["PKG-access"]}""", "station" },
        { "DELETE", "/v1/stations/S-1/routes/R-access/stops/PKG-access", null, "station" },
        { "POST", "/v1/stations/S-1/returns/PKG-access", null, "station" },
        { "GET", "/v1/driver/itinerary?date=2026-11-27", null, "driver" },
        { "POST", "/v1/driver/packages/PKG-access/otp", """{"code":"123456"}""", "driver" },
        { "POST", "/v1/driver/packages/PKG-access/otp-fallback", """{"phoneLastTwo":"42"}""", "driver" },
        { "POST", "/v1/driver/packages/PKG-access/delivered", """{}""", "driver" },
        { "POST", "/v1/driver/packages/PKG-access/undeliverable", """{"reason":"Other"}""", "driver" },
        { "GET", "/v1/customer/packages/PKG-access", null, "customer" },
        { "POST", "/v1/customer/packages/PKG-access/resend-code", null, "customer" },
        { "POST", "/v1/customer/packages/PKG-access/report-missing", null, "customer" },
        { "GET", "/v1/support/packages/PKG-access", null, "support" },
        { "POST", "/v1/support/packages/PKG-access/excuse", """{"note":"called in"}""", "support" },
        { "POST", "/v1/support/packages/PKG-access/reissue-code", null, "support" },
        { "GET", "/v1/drivers/S-1/reliability", null, "support" },
        { "GET", "/v1/support/drivers/D-1/signals?date=2026-11-27", null, "support" },
        { "GET", "/v1/support/signals?date=2026-11-27", null, "support" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_401_without_a_token_or_with_a_bad_one(string method, string path, string? body, string role)
    {
        _ = role;
        (await api.Send(new HttpMethod(method), path, token: null, body, "k-1")).Is(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.Send(new HttpMethod(method), path, token: "not-a-jwt", body, "k-1")).Is(HttpStatusCode.Unauthorized, "unauthorized");
        var forged = Tokens.Sign(Tokens.RandomKey(), role, "S-1");
        (await api.Send(new HttpMethod(method), path, forged, body, "k-1")).Is(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_403_to_every_other_role(string method, string path, string? body, string role)
    {
        var allowed = path.Contains("/reliability") ? new[] { "support", "driver" } : [role];
        foreach (var other in new[] { "shipper", "customer", "driver", "station", "support" }.Except(allowed))
            (await api.Send(new HttpMethod(method), path, await api.Token(other, "S-1"), body, "k-1")).Is(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_lets_its_own_role_through(string method, string path, string? body, string role)
    {
        var reply = await api.Send(new HttpMethod(method), path, await api.Token(role, "S-1"), body, "k-1");
        Assert.NotEqual(HttpStatusCode.Unauthorized, reply.Status);
        Assert.NotEqual(HttpStatusCode.Forbidden, reply.Status);
        Assert.True((int)reply.Status < 500, reply.Body);
    }

    [Fact]
    public async Task A_token_for_the_wrong_audience_issuer_or_expired_is_401()
    {
        var support = await api.Token("support", "A-1");
        (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", support)).Is(HttpStatusCode.OK);
        var key = Tokens.DevelopmentKey;
        (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", Tokens.Sign(key, "support", "A-1"))).Is(HttpStatusCode.OK);
        (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", Tokens.Sign(key, "support", "A-1", audience: "elsewhere"))).Is(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", Tokens.Sign(key, "support", "A-1", issuer: "elsewhere"))).Is(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", Tokens.Sign(key, "support", "A-1", expires: DateTime.UtcNow.AddMinutes(-5)))).Is(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Token_with_blank_sub_is_401_and_changes_nothing(string? subject)
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "CodeMissing" }, "u-1")).Is(HttpStatusCode.OK);
        var before = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK).Body;

        foreach (var role in new[] { "shipper", "customer", "driver", "station", "support" })
        {
            var token = Tokens.Sign(Tokens.DevelopmentKey, role, subject);
            foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
            {
                (HttpMethod.Get, "/v1/driver/itinerary?date=2026-11-27", null),
                (HttpMethod.Post, parcel.SupportPath + "/reissue-code", null),
                (HttpMethod.Post, parcel.SupportPath + "/excuse", new { note = "driver called" }),
                (HttpMethod.Get, parcel.CustomerPath, null),
                (HttpMethod.Get, "/v1/drivers/D-1/reliability", null),
            })
                (await api.Send(method, path, token, body)).Is(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal(before, (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK).Body);
        Assert.Equal(parcel.Code, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp"));
    }

    [Fact]
    public async Task Another_customers_package_is_404_and_unchanged()
    {
        var parcel = await Flow.Shipped(api);
        foreach (var (method, path) in new[] { (HttpMethod.Get, parcel.CustomerPath), (HttpMethod.Post, parcel.CustomerPath + "/resend-code"), (HttpMethod.Post, parcel.CustomerPath + "/report-missing") })
            (await api.As("customer", "C-other", method, path)).Is(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(parcel.Code, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Json.GetProperty("otp").GetString());
    }

    [Fact]
    public async Task A_package_on_another_drivers_route_is_404_and_spends_nothing()
    {
        var parcel = await Flow.OutForDelivery(api);
        foreach (var (command, body) in new (string, object)[] { ("otp", new { code = parcel.WrongCode }), ("otp-fallback", new { phoneLastTwo = "00" }), ("delivered", new { }), ("undeliverable", new { reason = "Other" }) })
            (await api.As("driver", "D-other", HttpMethod.Post, parcel.DriverPath(command), body, Guid.NewGuid().ToString())).Is(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
        var other = (await api.As("driver", "D-other", HttpMethod.Get, "/v1/driver/itinerary?date=2026-11-27")).Is(HttpStatusCode.OK);
        Assert.DoesNotContain(parcel.TrackingId, other.Body);
    }

    [Fact]
    public async Task Another_stations_routes_and_returns_are_404_and_unchanged()
    {
        var parcel = await Flow.OutForDelivery(api);
        var routePath = $"/v1/stations/{parcel.StationId}/routes/{parcel.RouteId}";
        var build = new { driverId = "D-thief", date = "2026-11-27", blockStart = "22:00", blockEnd = "23:00", trackingIds = new[] { parcel.TrackingId } };
        (await api.As("station", "S-2", HttpMethod.Put, routePath, build)).Is(HttpStatusCode.NotFound, "not-found");
        (await api.As("station", "S-2", HttpMethod.Delete, $"{routePath}/stops/{parcel.TrackingId}")).Is(HttpStatusCode.NotFound, "not-found");
        (await api.As("station", "S-2", HttpMethod.Post, $"/v1/stations/{parcel.StationId}/returns/{parcel.TrackingId}")).Is(HttpStatusCode.NotFound, "not-found");
        // S-2 building a route of its own cannot take S-1's package either.
        (await Flow.BuildRoute(api, "S-2", "R-1", "D-thief", Support.TestClock.Today, "22:00", "23:00", parcel.TrackingId)).Is(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task A_driver_sees_only_their_own_reliability()
    {
        (await api.As("driver", "D-self", HttpMethod.Get, "/v1/drivers/D-self/reliability")).Is(HttpStatusCode.OK);
        (await api.As("driver", "D-self", HttpMethod.Get, "/v1/drivers/D-other/reliability")).Is(HttpStatusCode.NotFound, "not-found");
        (await api.As("support", "A-1", HttpMethod.Get, "/v1/drivers/D-other/reliability")).Is(HttpStatusCode.OK);
    }
}
