using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Telemetry;

/// <summary>
/// The gateway over its embedded silo with every trace sampled and the in-memory exporters attached,
/// so a test sees all the telemetry a day of deliveries produces. Re-sends are limited to one a
/// minute per customer, so a second one is a budget refusal.
/// </summary>
public sealed class TelemetryGateway() : GatewayHost("Development", Defaults(new()
{
    ["OTEL_TRACES_SAMPLER"] = "always_on",
    ["RateLimits:CustomerResendsPerMinute"] = "1",
}))
{
    public TelemetryCapture Telemetry { get; } = new();

    public Api Api => field ??= new Api(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Telemetry.Install);
    }
}
