using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>The gateway's /metrics: Prometheus text, on its own listener by default, without a token.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MetricsEndpointTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task Metrics_serve_prometheus_text_with_the_projects_counters_after_a_driver_command()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);

        var scrape = (await api.Send(HttpMethod.Get, "/metrics")).Is(HttpStatusCode.OK);
        Assert.Equal("text/plain", scrape.ContentType);
        Assert.Contains("# TYPE otpgrains_attempts_total counter", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("""otpgrains_attempts_total{otel_scope_name="OtpGrains",kind="code",outcome="wrong_code"}""", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("otpgrains_driver_commands_total{", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("""orleans_grains{otel_scope_name="Microsoft.Orleans",grain_type="package"}""", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape.Body, StringComparison.Ordinal);
        Assert.Contains("""target_info{service_name="otpgrains-gateway",""", scrape.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(parcel.TrackingId, scrape.Body, StringComparison.Ordinal);
    }
}
