using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpGrains.Tests.Hosting;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Telemetry;

/// <summary>
/// The real gateway executable (embedded silo) with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports its
/// traces, metrics and logs over OTLP/HTTP with protobuf bodies to a collector inside the test.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private const string ServiceName = "otpgrains-gateway";

    private readonly string workingDirectory = Directory.CreateTempSubdirectory("otpgrains-otlp-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private OtlpReceiver collector = null!;

    public async Task InitializeAsync() => collector = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await collector.DisposeAsync();
        http.Dispose();
        Directory.Delete(workingDirectory, recursive: true);
    }

    [Fact]
    public async Task The_gateway_exports_traces_metrics_and_logs_over_OTLP_http_protobuf_when_the_endpoint_is_set()
    {
        var start = BuiltProcess.StartInfo(BuiltProcess.Gateway, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Email__PickupDirectory"] = Path.Combine(workingDirectory, "mail"),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            // One anonymous request a minute, so a second token request is a budget refusal: a project metric.
            ["RateLimits__AnonymousPerMinute"] = "1",
            // Export within a second instead of the SDK's 60 s (metrics) and 5 s (spans, log records).
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        });
        start.WorkingDirectory = workingDirectory;
        http.BaseAddress = new Uri(start.Environment["ASPNETCORE_URLS"]!);
        await using var gateway = RunningProcess.Start(start);

        await Eventually.True(async () => gateway.HasExited || await http.StatusOf("/health/ready") == HttpStatusCode.OK, timeoutMs: 90_000);
        Assert.False(gateway.HasExited, $"The gateway exited: {gateway.Console}");

        // A request that goes through a grain call: the driver's itinerary for today (UTC).
        using var issued = await http.PostAsJsonAsync("/dev/tokens", new { role = "driver", subject = "D-otlp" });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var itinerary = new HttpRequestMessage(HttpMethod.Get, $"/v1/driver/itinerary?date={today}");
        itinerary.Headers.Authorization = new("Bearer", token);
        using var answer = await http.SendAsync(itinerary);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var refused = await http.PostAsJsonAsync("/dev/tokens", new { role = "driver", subject = "D-otlp" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        bool Exported(string signal, params string[] texts) => collector.Posts(signal).Any(p => texts.All(p.Holds));
        // The request's span and the grain call's span (named after the grain interface) may come in different batches.
        bool Traced() => Exported("traces", ServiceName, "/v1/driver/itinerary") && Exported("traces", ServiceName, "Microsoft.Orleans", "IDriverGrain");
        bool Measured() => Exported("metrics", ServiceName, "otpgrains.budget.refusals", "http.server.request.duration", "Microsoft.Orleans");
        bool Logged() => Exported("logs", ServiceName);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Traced() && Measured() && Logged()) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var received = $"received {collector.Posts("traces").Count} trace, {collector.Posts("metrics").Count} metric and {collector.Posts("logs").Count} log posts; gateway: {gateway.Console}";
        Assert.True(Traced(), "No trace exports hold the service name with the route and with the IDriverGrain call: " + received);
        Assert.True(Measured(), "No metric export holds the service name, the project's, ASP.NET Core's and Orleans' metrics: " + received);
        Assert.True(Logged(), "No log export holds the service name: " + received);

        foreach (var post in collector.Posts("traces").Concat(collector.Posts("metrics")).Concat(collector.Posts("logs")))
        {
            Assert.Equal("application/x-protobuf", post.ContentType);
            // Nothing personal leaves the process: the driver id is no secret, but the token is.
            Assert.False(post.Holds(token!), $"A {post.Signal} export holds the bearer token.");
        }
    }
}
