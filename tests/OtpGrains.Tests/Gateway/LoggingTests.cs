using System.Net;
using System.Text.RegularExpressions;
using OtpGrains.Tests.Gateway.Infrastructure;

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
}
