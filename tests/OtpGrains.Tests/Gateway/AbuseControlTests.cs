using System.Net;
using System.Text.Json;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway;

/// <summary>
/// Issue 11's limits through two Client-mode gateways on one cluster: every limit is held by a grain,
/// so alternating gateways (or racing them) gets nothing more than one gateway would.
/// </summary>
public sealed class AbuseControlTests(TwoGateways cluster) : IClassFixture<TwoGateways>
{
    private static readonly string Today = Input(TestClock.Today);

    [Fact]
    public async Task Parallel_wrong_entries_on_many_packages_through_both_gateways_never_exceed_the_drivers_hourly_budget()
    {
        var (driver, parcels) = await OneDriver(30);
        var auditBefore = await AuditLengths(parcels);

        var replies = await Task.WhenAll(parcels.Select((p, i) => Flow.Enter(cluster.Both[i % 2], p with { DriverId = driver }, p.WrongCode)));

        Assert.Equal(10, replies.Count(r => r.Status == HttpStatusCode.OK));
        var refused = replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(20, refused.Count);
        foreach (var reply in refused)
        {
            reply.Is(HttpStatusCode.TooManyRequests, "too-many-requests");
            Assert.Equal("3600", reply.Header("Retry-After"));
        }

        // A refused entry wrote nothing to its package: attempts and audit are as they were.
        var auditAfter = await AuditLengths(parcels);
        for (var i = 0; i < parcels.Length; i++)
        {
            var spent = replies[i].Status == HttpStatusCode.OK;
            Assert.Equal(spent ? 2 : 3, await Flow.AttemptsLeft(cluster.A, parcels[i] with { DriverId = driver }));
            if (!spent) Assert.Equal(auditBefore[i], auditAfter[i]);
        }

        var signals = await Signals(cluster.B, driver, s => s.GetProperty("wrongEntries").GetInt32() == 10);
        Assert.Equal(10, signals.GetProperty("entries").GetInt32());
        Assert.Equal(1.0, signals.GetProperty("wrongEntryRate").GetDouble());
        Assert.Equal(20, signals.GetProperty("refusals").GetProperty("hourlyEntries").GetInt32());
        Assert.True(signals.GetProperty("overThresholds").GetBoolean());
    }

    [Fact]
    public async Task Once_the_hour_is_spent_entries_are_refused_until_the_window_frees_up()
    {
        var (driver, parcels) = await OneDriver(6);
        foreach (var (parcel, i) in parcels.Take(5).Select((p, i) => (p, i)))
        {
            (await Flow.Enter(cluster.Both[i % 2], parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
            (await Flow.Enter(cluster.Both[(i + 1) % 2], parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        }

        cluster.Silo.Time.Advance(TimeSpan.FromMinutes(15));
        var refused = (await Flow.Enter(cluster.B, parcels[5], parcels[5].WrongCode)).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal("2700", refused.Header("Retry-After"));
        Assert.Equal(3, await Flow.AttemptsLeft(cluster.A, parcels[5]));

        // The same idempotency key is judged afresh once the hour has rolled on: the refusal was not stored.
        cluster.Silo.Time.Advance(TimeSpan.FromMinutes(45));
        var retried = (await Flow.Enter(cluster.A, parcels[5], parcels[5].Code!, "after-the-hour")).Is(HttpStatusCode.OK);
        Assert.Equal("Delivered", retried.Json.GetProperty("outcome").GetString());
        _ = driver;
    }

    [Fact]
    public async Task Fallback_entries_past_the_drivers_daily_budget_are_409_and_spend_nothing()
    {
        var (driver, parcels) = await OneDriver(6);
        for (var i = 0; i < 5; i++)
        {
            var delivered = (await Fallback(cluster.Both[i % 2], parcels[i], "42")).Is(HttpStatusCode.OK);
            Assert.Equal("Delivered", delivered.Json.GetProperty("outcome").GetString());
        }

        (await Fallback(cluster.B, parcels[5], "42")).Is(HttpStatusCode.Conflict, "fallback-not-allowed");
        var stop = await Flow.Stop(cluster.A, parcels[5]);
        Assert.Equal(3, stop.GetProperty("attemptsLeft").GetInt32());

        var signals = await Signals(cluster.A, driver, s => s.GetProperty("fallbackDeliveries").GetInt32() == 5);
        Assert.Equal(1.0, signals.GetProperty("fallbackShare").GetDouble());
        Assert.Equal(1, signals.GetProperty("refusals").GetProperty("dailyFallbacks").GetInt32());
        Assert.Equal(5, signals.GetProperty("fallbackEntries").GetInt32());
    }

    [Fact]
    public async Task Support_lists_the_days_drivers_over_the_thresholds_and_no_one_else()
    {
        var (guesser, guessed) = await OneDriver(3);
        foreach (var parcel in guessed)
        {
            (await Flow.Enter(cluster.A, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
            (await Flow.Enter(cluster.B, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        }

        var (honest, delivered) = await OneDriver(3);
        foreach (var parcel in delivered) (await Flow.Enter(cluster.B, parcel, parcel.Code!)).Is(HttpStatusCode.OK);

        await Signals(cluster.A, honest, s => s.GetProperty("entries").GetInt32() == 3);
        JsonElement list = default;
        await Eventually.True(async () =>
        {
            list = (await cluster.B.As("support", "A-1", HttpMethod.Get, $"/v1/support/signals?date={Today}")).Is(HttpStatusCode.OK).Json;
            return Drivers(list).Contains(guesser) && list.GetProperty("activeDrivers").GetInt32() >= 2;
        });
        Assert.DoesNotContain(honest, Drivers(list));
        var row = list.GetProperty("drivers").EnumerateArray().Single(d => d.GetProperty("driverId").GetString() == guesser);
        Assert.Equal((6, 1.0), (row.GetProperty("wrongEntries").GetInt32(), row.GetProperty("wrongEntryRate").GetDouble()));

        // Counts and shares only: no code or phone digits anywhere in what support reads.
        var body = list.ToString();
        foreach (var parcel in guessed.Concat(delivered)) Assert.DoesNotContain(parcel.Code!, body);
        Assert.DoesNotContain("\"42\"", body);
    }

    [Fact]
    public async Task Signals_need_a_valid_date_and_driver_id()
    {
        (await cluster.A.As("support", "A-1", HttpMethod.Get, "/v1/support/signals")).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await cluster.A.As("support", "A-1", HttpMethod.Get, "/v1/support/signals?date=27-11-2026")).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await cluster.A.As("support", "A-1", HttpMethod.Get, $"/v1/support/drivers/bad%20id/signals?date={Today}")).Is(HttpStatusCode.BadRequest, "validation-failed");
        var quiet = (await cluster.A.As("support", "A-1", HttpMethod.Get, $"/v1/support/drivers/D-quiet/signals?date={Today}")).Is(HttpStatusCode.OK).Json;
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("wrongEntryRate").ValueKind);

        // Support looks back over the days drivers' records keep (28 with today), not into the future.
        foreach (var (days, status) in new[] { (-27, HttpStatusCode.OK), (-28, HttpStatusCode.BadRequest), (1, HttpStatusCode.BadRequest) })
        {
            var day = Input(TestClock.Today.AddDays(days));
            (await cluster.B.As("support", "A-1", HttpMethod.Get, $"/v1/support/signals?date={day}")).Is(status);
            (await cluster.B.As("support", "A-1", HttpMethod.Get, $"/v1/support/drivers/D-quiet/signals?date={day}")).Is(status);
        }
    }

    [Fact]
    public async Task Support_reissues_a_packages_code_at_most_three_times_a_day_across_gateways()
    {
        var parcel = await Flow.Shipped(cluster.A);
        for (var i = 0; i < 3; i++)
            (await cluster.Both[i % 2].As("support", $"A-{i}", HttpMethod.Post, $"{parcel.SupportPath}/reissue-code")).Is(HttpStatusCode.OK);
        var code = await CustomerCode(parcel);

        (await cluster.B.As("support", "A-9", HttpMethod.Post, $"{parcel.SupportPath}/reissue-code")).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(code, await CustomerCode(parcel));
    }

    [Fact]
    public async Task A_customer_has_the_code_resent_at_most_three_times_a_day_across_gateways()
    {
        var parcel = await Flow.Shipped(cluster.A);
        for (var i = 0; i < 3; i++)
            (await cluster.Both[i % 2].As("customer", parcel.CustomerId, HttpMethod.Post, $"{parcel.CustomerPath}/resend-code")).Is(HttpStatusCode.Accepted);

        (await cluster.A.As("customer", parcel.CustomerId, HttpMethod.Post, $"{parcel.CustomerPath}/resend-code")).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        (await cluster.B.As("customer", parcel.CustomerId, HttpMethod.Post, $"{parcel.CustomerPath}/resend-code", new { fresh = true })).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
    }

    [Fact]
    public async Task Another_shipper_gets_the_same_404_on_put_and_ship_whether_or_not_its_data_matches()
    {
        var trackingId = Deliveries.NewId("PKG");
        var customer = Deliveries.NewId("C");
        var registration = Flow.Registration(customer, Flow.Station, otp: true);
        (await cluster.A.As("shipper", "SH-owner", HttpMethod.Put, $"/v1/packages/{trackingId}", registration)).Is(HttpStatusCode.Created);

        var guesses = new[]
        {
            await cluster.B.As("shipper", "SH-other", HttpMethod.Put, $"/v1/packages/{trackingId}", registration),
            await cluster.A.As("shipper", "SH-other", HttpMethod.Put, $"/v1/packages/{trackingId}", Flow.Registration(customer, Flow.Station, otp: false)),
            await cluster.B.As("shipper", "SH-other", HttpMethod.Put, $"/v1/packages/{trackingId}", new
            {
                customerId = customer, customerEmail = "someone.else@example.com", customerPhone = "+1 555 0100 99",
                declaredValue = new { amountMinor = 120_000, currency = "USD" }, category = "computers", stationId = Flow.Station,
            }),
            await cluster.A.As("shipper", "SH-other", HttpMethod.Post, $"/v1/packages/{trackingId}/ship"),
            await cluster.B.As("shipper", "SH-other", HttpMethod.Post, $"/v1/packages/{Deliveries.NewId("PKG")}/ship"),
        };
        foreach (var guess in guesses) guess.Is(HttpStatusCode.NotFound, "not-found");
        Assert.Single(guesses.Select(Shape).Distinct());

        // Nothing the other shipper did touched it: the owner ships it, and its customer gets the code.
        (await cluster.B.As("shipper", "SH-owner", HttpMethod.Put, $"/v1/packages/{trackingId}", registration)).Is(HttpStatusCode.OK);
        (await cluster.B.As("shipper", "SH-owner", HttpMethod.Post, $"/v1/packages/{trackingId}/ship")).Is(HttpStatusCode.OK);
        var view = (await cluster.A.As("customer", customer, HttpMethod.Get, $"/v1/customer/packages/{trackingId}")).Is(HttpStatusCode.OK);
        Assert.Equal("Shipped", view.Json.GetProperty("status").GetString());
        (await cluster.A.As("shipper", "SH-other", HttpMethod.Post, $"/v1/packages/{trackingId}/ship")).Is(HttpStatusCode.NotFound, "not-found");
    }

    /// <summary><paramref name="count"/> OTP packages on one route of one fresh driver, out for delivery today.</summary>
    private async Task<(string Driver, Parcel[] Parcels)> OneDriver(int count)
    {
        var shipped = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Flow.Shipped(cluster.Both[i % 2])));
        var driver = Deliveries.NewId("D");
        var routeId = Deliveries.NewId("R");
        (await Flow.BuildRoute(cluster.B, Flow.Station, routeId, driver, TestClock.Today, "22:00", "23:00", [.. shipped.Select(p => p.TrackingId)]))
            .Is(HttpStatusCode.OK);
        return (driver, [.. shipped.Select(p => p with { DriverId = driver, RouteId = routeId })]);
    }

    private static Task<Reply> Fallback(Api api, Parcel parcel, string digits) =>
        api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = digits, recipientName = "Neighbour" },
            Guid.NewGuid().ToString());

    private async Task<int[]> AuditLengths(IEnumerable<Parcel> parcels) => await Task.WhenAll(parcels.Select(async p =>
        (await cluster.A.As("support", "A-1", HttpMethod.Get, p.SupportPath)).Is(HttpStatusCode.OK).Json.GetProperty("audit").GetArrayLength()));

    private async Task<string?> CustomerCode(Parcel parcel) =>
        (await cluster.A.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Is(HttpStatusCode.OK).Json.GetProperty("otp").GetString();

    /// <summary>The driver's signals for today once <paramref name="settled"/> holds (outcomes arrive through the outbox).</summary>
    private static async Task<JsonElement> Signals(Api api, string driver, Func<JsonElement, bool> settled)
    {
        JsonElement signals = default;
        await Eventually.True(async () =>
        {
            signals = (await api.As("support", "A-1", HttpMethod.Get, $"/v1/support/drivers/{driver}/signals?date={Today}")).Is(HttpStatusCode.OK).Json;
            return settled(signals);
        });
        return signals;
    }

    private static IEnumerable<string?> Drivers(JsonElement list) =>
        list.GetProperty("drivers").EnumerateArray().Select(d => d.GetProperty("driverId").GetString());

    private static string Shape(Reply reply) =>
        string.Join('|', reply.Json.GetProperty("status"), reply.Json.GetProperty("title"), reply.Json.GetProperty("detail"), reply.Code);

    private static string Input(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
