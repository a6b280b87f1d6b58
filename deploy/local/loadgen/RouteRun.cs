using System.Collections.Concurrent;
using System.Globalization;

namespace OtpGrains.LoadGen;

/// <summary>One code entry the generator sent, and what the gateway acknowledged for it.</summary>
public sealed record SentAttempt(string IdempotencyKey, string Expected, bool Acknowledged);

/// <summary>A package of the run: its driver and every code entry sent for it.</summary>
public sealed class PackageLedger(string trackingId, string driverId)
{
    public string TrackingId { get; } = trackingId;
    public string DriverId { get; } = driverId;
    public bool Routed { get; set; }
    public ConcurrentQueue<SentAttempt> Attempts { get; } = new();

    public int Acknowledged => Attempts.Count(a => a.Acknowledged);
    /// <summary>Entries that never got a definitive answer: they may or may not have counted.</summary>
    public int Unknown => Attempts.Count(a => !a.Acknowledged);
    public bool DeliveredAcknowledged => Attempts.Any(a => a.Acknowledged && a.Expected == "Delivered");
}

/// <summary>
/// One station route, the whole day through the gateway as the seed's people do it: the shipper
/// registers and ships the packages, each customer reads the code, the station builds the route,
/// the driver reads the itinerary and enters the codes; every third package first gets a wrong
/// code. Every answer is checked, and every acknowledged entry goes into the ledger.
/// </summary>
public sealed class RouteRun(GatewayClient gateway, LoadSettings settings, ConcurrentBag<PackageLedger> ledger, ConcurrentQueue<string> failures)
{
    private const string Station = "S-LOAD";

    public async Task RunAsync(int routeNumber, CancellationToken ct)
    {
        var driver = $"D-{settings.RunId}-{routeNumber % settings.Drivers}";
        var routeId = $"R-{settings.RunId}-{routeNumber}";
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, settings.StationTimeZone).DateTime);
        var shipper = await gateway.TokenAsync("shipper", "SH-LOAD", ct);
        var station = await gateway.TokenAsync("station", Station, ct);
        var driverToken = await gateway.TokenAsync("driver", driver, ct);

        var packages = new List<(PackageLedger Ledger, string Code)>();
        for (var stop = 0; stop < settings.StopsPerRoute; stop++)
        {
            var trackingId = $"P-{settings.RunId}-{routeNumber}-{stop}";
            var customer = $"C-{settings.RunId}-{(routeNumber * settings.StopsPerRoute + stop) % 50}";
            var package = new PackageLedger(trackingId, driver);
            ledger.Add(package);
            if (!await Register(trackingId, customer, shipper, ct) || !await Ship(trackingId, shipper, ct)) return;
            if (await ReadCode(trackingId, await gateway.TokenAsync("customer", customer, ct), ct) is not { } code) return;
            packages.Add((package, code));
        }

        if (!await BuildRoute(routeId, driver, today, packages.Select(p => p.Ledger.TrackingId).ToList(), station, ct)) return;
        foreach (var (package, _) in packages) package.Routed = true;
        if (!await ReadItinerary(routeId, today, driverToken, ct)) return;

        for (var i = 0; i < packages.Count; i++)
        {
            var (package, code) = packages[i];
            if (i % 3 == 0 && !await Enter(package, WrongCode(code), "WrongCode", driverToken, ct)) return;
            if (!await Enter(package, code, "Delivered", driverToken, ct)) return;
        }
    }

    private async Task<bool> Register(string trackingId, string customer, string token, CancellationToken ct)
    {
        var body = new
        {
            customerId = customer,
            customerEmail = $"{customer.ToLowerInvariant()}@example.com",
            customerPhone = "+1 555 0100 42",
            declaredValue = new { amountMinor = 120000, currency = "USD" },
            category = "computers",
            stationId = Station,
        };
        return Check(await gateway.CallAsync("PUT /v1/packages/{trackingId}",
            () => GatewayClient.Request(HttpMethod.Put, $"/v1/packages/{trackingId}", token, body),
            // 201 the first time; 200 when a retry finds the first request applied.
            (status, b) => status is 201 or 200 && b.GetProperty("otpRequired").GetBoolean() ? null : "not registered", ct));
    }

    private async Task<bool> Ship(string trackingId, string token, CancellationToken ct) =>
        Check(await gateway.CallAsync("POST /v1/packages/{trackingId}/ship",
            () => GatewayClient.Request(HttpMethod.Post, $"/v1/packages/{trackingId}/ship", token),
            (status, b) => status == 200 && b.GetProperty("status").GetString() == "Shipped" ? null : "not shipped", ct));

    private async Task<string?> ReadCode(string trackingId, string token, CancellationToken ct)
    {
        var result = await gateway.CallAsync("GET /v1/customer/packages/{trackingId}",
            () => GatewayClient.Request(HttpMethod.Get, $"/v1/customer/packages/{trackingId}", token),
            (status, b) => status == 200 && b.GetProperty("otp").GetString() is { Length: 6 } otp && otp.All(char.IsAsciiDigit) ? null : "no code", ct);
        return Check(result) ? result.Body.GetProperty("otp").GetString() : null;
    }

    private async Task<bool> BuildRoute(string routeId, string driver, DateOnly date, List<string> trackingIds, string token, CancellationToken ct)
    {
        // A block later today, inside customer-friendly hours, so no stop carries a warning.
        var body = new { driverId = driver, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), blockStart = "18:00", blockEnd = "19:00", trackingIds };
        return Check(await gateway.CallAsync("PUT /v1/stations/{stationId}/routes/{routeId}",
            () => GatewayClient.Request(HttpMethod.Put, $"/v1/stations/{Station}/routes/{routeId}", token, body),
            (status, b) => status == 200 && b.GetProperty("stops").GetArrayLength() == trackingIds.Count ? null : "route not built", ct));
    }

    private async Task<bool> ReadItinerary(string routeId, DateOnly date, string token, CancellationToken ct) =>
        Check(await gateway.CallAsync("GET /v1/driver/itinerary",
            () => GatewayClient.Request(HttpMethod.Get, $"/v1/driver/itinerary?date={date:yyyy-MM-dd}", token),
            (status, b) => status == 200 && b.GetProperty("routes").EnumerateArray().Any(r => r.GetProperty("routeId").GetString() == routeId)
                ? null : "route missing from the itinerary", ct));

    private async Task<bool> Enter(PackageLedger package, string code, string expected, string token, CancellationToken ct)
    {
        var key = $"{package.TrackingId}-{package.Attempts.Count + 1}";
        // The first wrong entry leaves 2 of the day's 3 attempts; the right code delivers.
        var result = await gateway.CallAsync("POST /v1/driver/packages/{trackingId}/otp",
            () => GatewayClient.Request(HttpMethod.Post, $"/v1/driver/packages/{package.TrackingId}/otp", token, new { code, recipientName = "Alex" }, key),
            (status, b) => status == 200 && b.GetProperty("outcome").GetString() == expected
                && (expected == "Delivered" ? b.GetProperty("status").GetString() == "Delivered" : b.GetProperty("attemptsLeft").GetInt32() == 2)
                    ? null : $"expected {expected}", ct);
        package.Attempts.Enqueue(new SentAttempt(key, expected, result.Ok));
        return Check(result);
    }

    private bool Check(CallResult result)
    {
        if (!result.Ok) failures.Enqueue(result.Failure ?? "unknown failure");
        return result.Ok;
    }

    private static string WrongCode(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
