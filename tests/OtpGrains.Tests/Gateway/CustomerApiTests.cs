using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class CustomerApiTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task The_tracking_page_shows_the_code_while_it_can_be_used()
    {
        var parcel = await Flow.OutForDelivery(api);
        var view = (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Is(HttpStatusCode.OK);
        Assert.Matches("^[0-9]{6}$", view.Text("otp"));
        Assert.Equal(("OutForDelivery", "2026-11-27"), (view.Text("status"), view.Text("deliveryDate")));
        foreach (var field in new[] { "trackingId", "otpRequired", "redeliveryDate", "deliveredAt", "receivedBy" })
            Assert.True(view.Json.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Resend_is_202_three_times_a_day_then_429_with_retry_after()
    {
        var parcel = await Flow.Shipped(api);
        var path = parcel.CustomerPath + "/resend-code";
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path)).Is(HttpStatusCode.Accepted);
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path, new { fresh = false })).Is(HttpStatusCode.Accepted);
        Assert.Equal(parcel.Code, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp"));
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path, new { fresh = true })).Is(HttpStatusCode.Accepted);
        var fresh = (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp");
        Assert.NotEqual(parcel.Code, fresh);
        var refused = (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path, new { fresh = true })).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.False(string.IsNullOrEmpty(refused.Header("Retry-After")));
        Assert.Equal(fresh, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp"));
    }

    [Theory]
    [InlineData("""{"fresh":"yes"}""")]
    [InlineData("""{"fresh":""")]
    public async Task A_resend_body_that_does_not_parse_is_400_and_sends_nothing(string body)
    {
        var parcel = await Flow.Shipped(api);
        (await api.Send(HttpMethod.Post, parcel.CustomerPath + "/resend-code", await api.Token("customer", parcel.CustomerId), body)).Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(parcel.Code, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Text("otp"));
    }

    [Fact]
    public async Task Report_missing_is_202_after_delivery_and_409_before()
    {
        var parcel = await Flow.OutForDelivery(api);
        var path = parcel.CustomerPath + "/report-missing";
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path)).Is(HttpStatusCode.Conflict, "invalid-state");
        (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK);
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path)).Is(HttpStatusCode.Accepted);
        (await api.As("customer", parcel.CustomerId, HttpMethod.Post, path)).Is(HttpStatusCode.Accepted);
        var audit = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Json.GetProperty("audit").EnumerateArray();
        Assert.Single(audit, a => a.GetProperty("action").GetString() == "reported-missing");
    }
}
