using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>Hosts of their own, started and stopped inside each test.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Outside_development_without_auth_configuration_the_gateway_refuses_to_start()
    {
        using var host = new GatewayHost("Production", GatewayHost.Defaults(new()
        {
            ["Otp:Keys:Current"] = "k1",
            ["Otp:Keys:k1"] = Convert.ToBase64String(Tokens.RandomKey()),
        }));
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Auth:SigningKey", error.ToString());
    }

    [Fact]
    public async Task Unauthenticated_traffic_is_limited_per_client_address()
    {
        await using var host = new GatewayHost("Development", GatewayHost.Defaults(new() { ["RateLimits:AnonymousPerMinute"] = "3" }));
        var api = new Api(host.CreateClient());
        var token = await api.Token("support", "A-1");
        (await api.Send(HttpMethod.Get, "/v1/support/packages/P-1")).Is(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.Send(HttpMethod.Get, "/v1/support/packages/P-1", "forged")).Is(HttpStatusCode.Unauthorized, "unauthorized");
        var refused = (await api.Send(HttpMethod.Post, "/dev/tokens", body: new { role = "support", subject = "A-2" })).Is(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.NotNull(refused.Header("Retry-After"));
        (await api.Send(HttpMethod.Get, "/v1/support/packages/P-1", token)).Is(HttpStatusCode.NotFound, "not-found");
        (await api.Send(HttpMethod.Get, "/health/live")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_the_cluster_cannot_answer_requests_are_503_unavailable_and_not_ready()
    {
        var host = new GatewayHost("Development", GatewayHost.Defaults(new() { ["Gateway:RetryBudget"] = "00:00:01" }));
        try
        {
            var api = new Api(host.CreateClient());
            var token = await api.Token("support", "A-1");
            (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK);

            await host.Services.GetRequiredService<Orleans.Runtime.Silo>().StopAsync(CancellationToken.None);

            var reply = (await api.Send(HttpMethod.Get, "/v1/support/packages/P-1", token)).Is(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.DoesNotContain("Exception", reply.Body);
            (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.ServiceUnavailable, "unavailable");
            (await api.Send(HttpMethod.Get, "/health/live")).Is(HttpStatusCode.OK);
        }
        finally
        {
            try { await host.DisposeAsync(); }
            catch (Exception) { /* the silo was stopped under the host; its own shutdown may complain */ }
        }
    }
}
