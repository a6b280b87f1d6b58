using System.Net;
using OtpGrains.Tests.Postgres;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Telemetry;

/// <summary>The real silo executable serves /metrics and /health/* on its management address.</summary>
public sealed class SiloManagementTests : IAsyncLifetime
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("otpgrains-silo-management-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private SiloProcess silo = null!;

    public Task InitializeAsync()
    {
        // Localhost clustering and memory storage: the silo on its own, on free ports (Management__Urls too).
        silo = SiloProcess.Start("silo-management", new Dictionary<string, string>(), workingDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await silo.DisposeAsync();
        http.Dispose();
        Directory.Delete(workingDirectory, recursive: true);
    }

    [Fact]
    public async Task The_silo_serves_metrics_liveness_and_readiness_on_its_management_address()
    {
        var root = $"http://127.0.0.1:{silo.ManagementPort}";
        await Eventually.True(async () => !silo.HasExited && await http.StatusOf($"{root}/health/ready") == HttpStatusCode.OK, timeoutMs: 60_000);

        Assert.Equal(HttpStatusCode.OK, await http.StatusOf($"{root}/health/live"));
        using var scrape = await http.GetAsync($"{root}/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        Assert.Contains("""target_info{service_name="otpgrains-silo",""", text, StringComparison.Ordinal);
        Assert.Contains("orleans_grains{", text, StringComparison.Ordinal);
        // The project's meter exists from the start, before any package is activated.
        Assert.Contains("otpgrains_packages_active{", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_time_seconds_total", text, StringComparison.Ordinal);
        // The management listener serves nothing else.
        Assert.Equal(HttpStatusCode.NotFound, await http.StatusOf($"{root}/v1/driver/itinerary"));
    }
}
