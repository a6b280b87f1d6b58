using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OtpGrains.Tests.Postgres;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Hosting;

/// <summary>A silo's default log levels are production ones: its output does not grow with the work it does.</summary>
public sealed class SiloLoggingTests(ITestOutputHelper output)
{
    private const int Activations = 150;

    [Fact]
    public async Task A_silo_started_without_logging_settings_stays_quiet_while_it_activates_grains()
    {
        var work = Directory.CreateTempSubdirectory("otp-silo-logging-");
        var clusterId = $"logging-{Guid.NewGuid():N}";
        await using var silo = SiloProcess.Start("silo", new Dictionary<string, string>
        {
            ["Orleans__ClusterId"] = clusterId,
            ["Email__PickupDirectory"] = Path.Combine(work.FullName, "mail"),
        }, work.FullName);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orleans:ClusterId"] = clusterId,
                ["Orleans:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            }).Build();
            using var client = new HostBuilder()
                .ConfigureServices(services => services.AddOrleansClient(c => c.UseOtpCluster(configuration, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15))))
                .Build();
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IClusterClient>();
            await grains.GetGrain<IPackageGrain>("warm-up").GetStop("D-1");
            var before = silo.Lines.Count;

            await Task.WhenAll(Enumerable.Range(0, Activations).Select(i => grains.GetGrain<IPackageGrain>($"quiet-{i}").GetStop("D-1")));
            await Task.Delay(1000); // let the silo's console catch up
            var during = silo.Lines.Skip(before).ToArray();
            output.WriteLine($"{before} lines at start, {during.Length} while activating {Activations} grains:\n{string.Join('\n', during.Take(20))}");

            Assert.True(before < 40, $"the silo printed {before} lines while starting:\n{silo.Console}");
            Assert.True(during.Length < 5, $"the silo printed {during.Length} lines for {Activations} activations:\n{string.Join('\n', during.Take(20))}");
            await client.StopAsync();
        }
        finally
        {
            await silo.DisposeAsync();
            work.Delete(recursive: true);
        }
    }
}
