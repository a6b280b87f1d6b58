using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>Every error is application/problem+json with the contract's code, and bad input changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ErrorTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task A_body_over_16_KiB_is_413_and_spends_nothing()
    {
        var parcel = await Flow.OutForDelivery(api);
        var padding = new string('x', 16 * 1024);
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp"), new { code = parcel.WrongCode, recipientName = padding }, "big"))
            .Is(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
    }

    [Fact]
    public async Task A_body_just_under_16_KiB_is_read()
    {
        var parcel = await Flow.OutForDelivery(api);
        var note = new string('x', 900);
        var body = $$"""{"reason":"Other","note":"{{note}}"}""" + new string(' ', 16 * 1024 - 950);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(body) <= 16 * 1024);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("undeliverable"), await api.Token("driver", parcel.DriverId), body, "u")).Is(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"code\":\"12")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Malformed_or_incomplete_json_is_400_and_spends_nothing(string body)
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await api.Token("driver", parcel.DriverId), body, "k")).Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_and_spends_nothing()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await api.Token("driver", parcel.DriverId), $$"""{"code":"{{parcel.Code}}"}""", "k", contentType: "text/plain"))
            .Is(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems() =>
        (await api.Send(HttpMethod.Get, "/v1/nothing-here", await api.Token("support", "A-1"))).Is(HttpStatusCode.NotFound, "not-found");

    [Fact]
    public async Task A_wrong_method_is_a_405_problem() =>
        (await api.Send(HttpMethod.Delete, "/v1/driver/itinerary", await api.Token("driver", "D-1"))).Is(HttpStatusCode.MethodNotAllowed, "method-not-allowed");

    [Fact]
    public async Task A_401_carries_a_bearer_challenge()
    {
        var reply = (await api.Send(HttpMethod.Get, "/v1/driver/itinerary?date=2026-11-27")).Is(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.StartsWith("Bearer", reply.Message.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("""{"role":"admin","subject":"X-1"}""")]
    [InlineData("""{"role":"driver","subject":"has space"}""")]
    [InlineData("""{"role":"driver"}""")]
    public async Task Dev_tokens_validate_role_and_subject(string body) =>
        (await api.Send(HttpMethod.Post, "/dev/tokens", body: body)).Is(HttpStatusCode.BadRequest, "validation-failed");
}
