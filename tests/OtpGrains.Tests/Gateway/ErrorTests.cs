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

    [Theory]
    [InlineData("otp", "null")]
    [InlineData("otp-fallback", "null")]
    [InlineData("undeliverable", "null")]
    [InlineData("otp", "")]
    public async Task A_null_or_missing_body_is_400_with_generic_text_and_spends_nothing(string command, string body)
    {
        var parcel = await Flow.OutForDelivery(api);
        var reply = (await api.Send(HttpMethod.Post, parcel.DriverPath(command), await api.Token("driver", parcel.DriverId), body, "k")).Is(HttpStatusCode.BadRequest, "validation-failed");
        foreach (var hint in new[] { "Service", "parameter", "Request", "was not provided", "Did you mean" })
            Assert.DoesNotContain(hint, reply.Body, StringComparison.Ordinal);
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
    }

    [Fact]
    public async Task A_rejected_tokens_challenge_gives_no_reason_and_the_reason_goes_to_the_log()
    {
        var expired = Tokens.Sign(Tokens.DevelopmentKey, "support", "A-1", expires: DateTime.UtcNow.AddMinutes(-5));
        var rejected = new[] { expired, Tokens.Sign(Tokens.DevelopmentKey, "support", "A-1", issuer: "elsewhere"), Tokens.Sign(Tokens.DevelopmentKey, "support", "A-1", audience: "elsewhere"), Tokens.Sign(Tokens.RandomKey(), "support", "A-1") };
        host.Logs.Lines.Clear();
        host.Logs.Capturing = true;
        try
        {
            foreach (var token in rejected)
            {
                var reply = (await api.Send(HttpMethod.Get, "/v1/drivers/D-1/reliability", token)).Is(HttpStatusCode.Unauthorized, "unauthorized");
                Assert.Equal("Bearer", reply.Message.Headers.WwwAuthenticate.ToString());
                foreach (var reason in new[] { "expired", "issuer", "audience", "signature", "key", "IDX" })
                    Assert.DoesNotContain(reason, reply.Body, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            host.Logs.Capturing = false;
        }

        var lines = host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("rejected", StringComparison.Ordinal) && l.Contains("Expired", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.Contains("rejected", StringComparison.Ordinal) && l.Contains("Issuer", StringComparison.OrdinalIgnoreCase));
        foreach (var token in rejected)
        {
            Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(token.Split('.')[2], StringComparison.Ordinal));
        }
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
