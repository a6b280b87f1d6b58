using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>What the order system and the API do around the pages: register and ship packages, read state.</summary>
public sealed class Seed(HttpClient http)
{
    public const string CustomerPhone = "+1 555 0100 42";
    public const string PhoneLastTwo = "42";

    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<string> Token(string role, string subject)
    {
        using var response = await http.PostAsJsonAsync("/dev/tokens", new { role, subject });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Registered and shipped by the shipper: the code (if any) is issued and emailed.</summary>
    public async Task<string> Shipped(string customerId, string stationId, bool otp)
    {
        var trackingId = Id("PKG");
        var registration = new
        {
            customerId,
            customerEmail = $"{customerId.ToLowerInvariant()}@example.com",
            customerPhone = CustomerPhone,
            declaredValue = new { amountMinor = otp ? 120_000 : 1_000, currency = "USD" },
            category = otp ? "computers" : "books",
            stationId,
        };
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Put, $"/v1/packages/{trackingId}", "shipper", "SH-1", registration)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/v1/packages/{trackingId}/ship", "shipper", "SH-1")).Status);
        return trackingId;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string role, string subject, object? body = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token(role, subject));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>The stop as the driver's itinerary answers it today.</summary>
    public async Task<JsonElement> Stop(string driverId, string trackingId)
    {
        var (status, body) = await Send(HttpMethod.Get, $"/v1/driver/itinerary?date={Day(StationZone.Today)}", "driver", driverId);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("routes").EnumerateArray().SelectMany(r => r.GetProperty("stops").EnumerateArray())
            .Single(s => s.GetProperty("trackingId").GetString() == trackingId);
    }

    public async Task<JsonElement> Audit(string trackingId)
    {
        var (status, body) = await Send(HttpMethod.Get, $"/v1/support/packages/{trackingId}", "support", "A-SEED");
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("audit");
    }
}
