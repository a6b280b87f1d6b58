using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

public sealed class ProductionTests(ProductionGateway host) : IClassFixture<ProductionGateway>
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task Dev_tokens_do_not_exist_outside_development() =>
        (await api.Send(HttpMethod.Post, "/dev/tokens", body: new { role = "support", subject = "A-1" })).Is(HttpStatusCode.NotFound, "not-found");

    [Fact]
    public async Task Tokens_signed_with_the_configured_key_are_accepted_and_the_development_key_is_not()
    {
        (await api.Send(HttpMethod.Get, "/v1/support/packages/PKG-none", ProductionGateway.Token("support", "A-1"))).Is(HttpStatusCode.NotFound, "not-found");
        var developmentKey = Tokens.DevelopmentKey;
        (await api.Send(HttpMethod.Get, "/v1/support/packages/PKG-none", Tokens.Sign(developmentKey, "support", "A-1"))).Is(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_driver_gets_a_few_code_entries_a_minute_across_all_packages_then_429()
    {
        var token = ProductionGateway.Token("driver", "D-limited");
        for (var i = 0; i < 3; i++)
            (await api.Send(HttpMethod.Post, $"/v1/driver/packages/PKG-{i}/{(i % 2 == 0 ? "otp" : "otp-fallback")}", token,
                i % 2 == 0 ? new { code = "123456" } : new { phoneLastTwo = "42" }, $"k-{i}")).Is(HttpStatusCode.NotFound, "not-found");
        var refused = (await api.Send(HttpMethod.Post, "/v1/driver/packages/PKG-9/otp", token, new { code = "123456" }, "k-9")).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.InRange(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        // Other drivers, and this driver's non-entry commands, are not held back.
        (await api.Send(HttpMethod.Post, "/v1/driver/packages/PKG-9/otp", ProductionGateway.Token("driver", "D-other"), new { code = "123456" }, "k-9")).Is(HttpStatusCode.NotFound, "not-found");
        (await api.Send(HttpMethod.Post, "/v1/driver/packages/PKG-9/undeliverable", token, new { reason = "Other" }, "k-10")).Is(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_customer_gets_a_few_resends_a_minute_then_429()
    {
        var token = ProductionGateway.Token("customer", "C-limited");
        for (var i = 0; i < 2; i++)
            (await api.Send(HttpMethod.Post, $"/v1/customer/packages/PKG-{i}/resend-code", token)).Is(HttpStatusCode.NotFound, "not-found");
        var refused = (await api.Send(HttpMethod.Post, "/v1/customer/packages/PKG-0/resend-code", token)).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(refused.Header("Retry-After"));
    }

    [Fact]
    public async Task The_whole_flow_works_with_production_keys()
    {
        var shipper = ProductionGateway.Token("shipper", "SH-1");
        (await api.Send(HttpMethod.Put, "/v1/packages/PKG-prod", shipper, Flow.Registration("C-prod", "S-1", otp: true))).Is(HttpStatusCode.Created);
        (await api.Send(HttpMethod.Post, "/v1/packages/PKG-prod/ship", shipper)).Is(HttpStatusCode.OK);
        var code = (await api.Send(HttpMethod.Get, "/v1/customer/packages/PKG-prod", ProductionGateway.Token("customer", "C-prod"))).Is(HttpStatusCode.OK).Text("otp");
        Assert.Matches("^[0-9]{6}$", code);
    }
}
