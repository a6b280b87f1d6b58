using System.Net;
using System.Text.RegularExpressions;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class LoggingTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task No_issued_or_entered_code_reaches_any_log_line_even_at_trace()
    {
        host.Logs.Lines.Clear();
        host.Logs.Capturing = true;
        Parcel parcel;
        string wrong;
        try
        {
            parcel = await Flow.OutForDelivery(api);
            wrong = parcel.Code == "739146" ? "739147" : "739146";
            (await Flow.Enter(api, parcel, wrong)).Is(HttpStatusCode.OK);
            (await api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await api.Token("driver", parcel.DriverId), $$"""{"code":"{{parcel.Code}}" """, "broken")).Is(HttpStatusCode.BadRequest);
            (await api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await api.Token("driver", parcel.DriverId), $$"""{"code":{{parcel.Code}}}""", "number")).Is(HttpStatusCode.BadRequest);
            (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK);
            (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Is(HttpStatusCode.OK);
            await Task.Delay(500); // the outbox emails the code in a later turn
        }
        finally
        {
            host.Logs.Capturing = false;
        }

        var lines = host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains(parcel.TrackingId));
        foreach (var secret in new[] { parcel.Code!, wrong })
        {
            var standalone = new Regex($"(?<![0-9]){secret}(?![0-9])");
            Assert.DoesNotContain(lines, l => standalone.IsMatch(l));
        }
    }

    [Fact]
    public async Task No_email_name_phone_or_code_reaches_any_log_line_of_a_whole_delivery_at_trace()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var email = $"pii.{unique}@mail.example.org";
        var recipient = $"Zebulon Quixote {unique}";
        var phone = "+1 (555) 0199 87";
        var trackingId = Deliveries.NewId("PII");
        var customerId = Deliveries.NewId("C");
        var driverId = Deliveries.NewId("D");
        host.Logs.Lines.Clear();
        host.Logs.Capturing = true;
        string code;
        try
        {
            (await api.As("shipper", Flow.Shipper, HttpMethod.Put, $"/v1/packages/{trackingId}", new
            {
                customerId,
                customerEmail = email,
                customerPhone = phone,
                declaredValue = new { amountMinor = 120_000, currency = "USD" },
                category = "computers",
                stationId = Flow.Station,
            })).Is(HttpStatusCode.Created);
            (await api.As("shipper", Flow.Shipper, HttpMethod.Post, $"/v1/packages/{trackingId}/ship")).Is(HttpStatusCode.OK);
            code = (await api.As("customer", customerId, HttpMethod.Get, $"/v1/customer/packages/{trackingId}")).Is(HttpStatusCode.OK).Text("otp")!;
            (await Flow.BuildRoute(api, Flow.Station, Deliveries.NewId("R"), driverId, Support.TestClock.Today, "22:00", "23:00", trackingId)).Is(HttpStatusCode.OK);
            var path = $"/v1/driver/packages/{trackingId}/otp";
            var wrong = code == "000000" ? "111111" : "000000";
            (await api.As("driver", driverId, HttpMethod.Post, path, new { code = wrong, recipientName = recipient }, "wrong")).Is(HttpStatusCode.OK);
            (await api.As("driver", driverId, HttpMethod.Post, path, new { code, recipientName = recipient }, "right")).Is(HttpStatusCode.OK);
            (await api.As("support", "A-1", HttpMethod.Get, $"/v1/support/packages/{trackingId}")).Is(HttpStatusCode.OK);
            await Task.Delay(500); // the outbox emails the code and tells the driver grain in later turns
        }
        finally
        {
            host.Logs.Capturing = false;
        }

        var lines = host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains(trackingId));
        Assert.Contains(lines, l => l.StartsWith("Trace", StringComparison.Ordinal));
        var secrets = new[] { Regex.Escape(email), unique, "Quixote", Regex.Escape("(555) 0199"), "15550199", $"(?<![0-9]){code}(?![0-9])" };
        foreach (var secret in secrets)
        {
            var pattern = new Regex(secret, RegexOptions.IgnoreCase);
            var leaks = lines.Where(l => pattern.IsMatch(l)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' is in {leaks.Count} log line(s), e.g. {leaks.FirstOrDefault()}");
        }
    }
}
