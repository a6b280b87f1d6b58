using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>Hosts of their own, started and stopped inside each test.</summary>
public sealed class StartupTests
{
    // A Production gateway without Auth settings: Hosting/MisconfigurationTests start the real executable
    // (Production_gateway_without_Auth_prints_one_line_naming_Auth_SigningKey_and_exits_2).

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
