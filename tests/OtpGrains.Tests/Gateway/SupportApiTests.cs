using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class SupportApiTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task The_support_view_has_the_audit_trail_and_never_a_code()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK);
        var view = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK);
        Assert.Equal(("Delivered", parcel.CustomerId, "S-1"), (view.Text("status"), view.Text("customerId"), view.Text("stationId")));
        var attempts = view.Json.GetProperty("audit").EnumerateArray().Where(a => a.GetProperty("action").GetString() == "attempt").ToList();
        Assert.Equal(["WrongCode", "Delivered"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.All(attempts, a => Assert.Equal($"driver:{parcel.DriverId}", a.GetProperty("actor").GetString()));
        Assert.All(attempts, a => Assert.True(a.TryGetProperty("at", out _) && a.TryGetProperty("method", out _)));
        Assert.DoesNotContain(parcel.Code!, view.Body);
        Assert.DoesNotContain(parcel.WrongCode, view.Body);
    }

    [Fact]
    public async Task Excuse_is_409_when_nothing_failed_and_200_after_a_failure()
    {
        var parcel = await Flow.OutForDelivery(api);
        var path = parcel.SupportPath + "/excuse";
        (await api.As("support", "A-1", HttpMethod.Post, path, new { note = "driver called" })).Is(HttpStatusCode.Conflict, "invalid-state");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "CodeMissing" }, "u-1")).Is(HttpStatusCode.OK);
        (await api.As("support", "A-1", HttpMethod.Post, path, new { note = "" })).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("support", "A-1", HttpMethod.Post, path, new { })).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("support", "A-1", HttpMethod.Post, path, new { note = "driver called" })).Is(HttpStatusCode.OK);
        var report = await Reliability(parcel.DriverId, r => r.GetProperty("excused").GetInt32() == 1);
        Assert.Equal((1, 1), (report.GetProperty("undeliverable").GetInt32(), report.GetProperty("undeliverableByReason").GetProperty("CodeMissing").GetInt32()));
    }

    [Fact]
    public async Task Excuse_on_a_package_that_does_not_exist_is_404() =>
        (await api.As("support", "A-1", HttpMethod.Post, $"/v1/support/packages/{Deliveries.NewId("PKG")}/excuse", new { note = "driver called" })).Is(HttpStatusCode.NotFound, "not-found");

    [Fact]
    public async Task An_excuse_note_is_kept_whole_up_to_the_limit_and_refused_above_it()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "CodeMissing" }, "u-1")).Is(HttpStatusCode.OK);
        var path = parcel.SupportPath + "/excuse";
        (await api.As("support", "A-1", HttpMethod.Post, path, new { note = new string('n', 1001) })).Is(HttpStatusCode.BadRequest, "validation-failed");
        var note = string.Concat(Enumerable.Repeat("driver called; ", 66)) + "ok";
        Assert.Equal(992, note.Length);
        (await api.As("support", "A-1", HttpMethod.Post, path, new { note })).Is(HttpStatusCode.OK);
        var audit = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Json.GetProperty("audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "excused" && a.GetProperty("outcome").GetString() == note);
    }

    [Fact]
    public async Task Reissue_replaces_the_code_and_the_old_one_stops_working()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.As("support", "A-1", HttpMethod.Post, parcel.SupportPath + "/reissue-code")).Is(HttpStatusCode.OK);
        var fresh = (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp");
        Assert.NotEqual(parcel.Code, fresh);
        Assert.Equal("WrongCode", (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK).Text("outcome"));
        Assert.Equal("Delivered", (await Flow.Enter(api, parcel, fresh)).Is(HttpStatusCode.OK).Text("outcome"));
        (await api.As("support", "A-1", HttpMethod.Post, parcel.SupportPath + "/reissue-code")).Is(HttpStatusCode.Conflict, "invalid-state");
        (await api.As("support", "A-1", HttpMethod.Post, $"/v1/support/packages/{Deliveries.NewId("PKG")}/reissue-code")).Is(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Reliability_has_every_field_of_the_contract()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK);
        var report = await Reliability(parcel.DriverId, r => r.GetProperty("delivered").GetInt32() == 1);
        Assert.Equal(parcel.DriverId, report.GetProperty("driverId").GetString());
        Assert.Equal(28, report.GetProperty("windowDays").GetInt32());
        Assert.Equal(1.0, report.GetProperty("reliability").GetDouble());
        foreach (var field in new[] { "assigned", "undeliverable", "excused", "removedBeforeStart", "lateReturns", "fallbackDeliveries" })
            Assert.Equal(System.Text.Json.JsonValueKind.Number, report.GetProperty(field).ValueKind);
        var fresh = (await api.As("driver", "D-new", HttpMethod.Get, "/v1/drivers/D-new/reliability")).Is(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, fresh.Json.GetProperty("reliability").ValueKind);
        (await api.As("support", "A-1", HttpMethod.Get, "/v1/drivers/D%20new/reliability")).Is(HttpStatusCode.BadRequest, "validation-failed");
    }

    /// <summary>Driver events arrive through the package's outbox, so the report is read until it shows them.</summary>
    private async Task<System.Text.Json.JsonElement> Reliability(string driverId, Func<System.Text.Json.JsonElement, bool> ready)
    {
        for (var i = 0; ; i++)
        {
            var report = (await api.As("support", "A-1", HttpMethod.Get, $"/v1/drivers/{driverId}/reliability")).Is(HttpStatusCode.OK).Json;
            if (ready(report) || i == 100) return report;
            await Task.Delay(50);
        }
    }
}
