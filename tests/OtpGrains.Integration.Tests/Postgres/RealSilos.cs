using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// What tests need to run real silo processes against a test database: their settings, a station
/// time zone in which "now" is a delivery hour, a wait for them to join the membership table, and an
/// Orleans client that finds their gateways the way the production gateway does.
/// </summary>
public static class RealSilos
{
    /// <summary>
    /// An Etc/GMT zone where it is now 11:xx, so a 13:00-20:00 block lies ahead and a test runs inside
    /// the 03:00-23:00 delivery window whatever the wall clock says (the silos use the real clock).
    /// Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
    /// </summary>
    public static (string Zone, DateOnly Today) ZoneNearNoon()
    {
        var now = DateTimeOffset.UtcNow;
        var offset = 11 - now.Hour;
        var zone = offset switch
        {
            0 => "Etc/GMT",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
        return (zone, DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(offset)).DateTime));
    }

    /// <summary>CONFIG.md's settings for a silo on ADO.NET clustering and storage in <paramref name="database"/>.</summary>
    public static Dictionary<string, string> Environment(PostgresDatabase database, string clusterId, string serviceId, string zone, string workDirectory) => new()
    {
        ["Orleans__Clustering"] = "AdoNet",
        ["Orleans__Storage"] = "AdoNet",
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__ServiceId"] = serviceId,
        ["ConnectionStrings__Orleans"] = database.ConnectionString,
        ["Stations__Default__TimeZone"] = zone,
        ["Email__PickupDirectory"] = Path.Combine(workDirectory, "mail"),
        ["Logging__LogLevel__Default"] = "Warning",
        // These clusters test storage with dozens of wrong entries by one driver, not the driver budgets.
        ["Policy__DriverWrongEntriesPerHour"] = "100000",
    };

    /// <summary>Waits until <paramref name="silos"/> are all Active in the membership table.</summary>
    public static async Task WaitUntilActiveAsync(PostgresDatabase database, string clusterId, IReadOnlyList<SiloProcess> silos, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while (await database.ScalarAsync<long>(
                   "SELECT count(*) FROM orleans_membership WHERE deployment_id = @id AND status = 3", ("id", clusterId)) < silos.Count)
        {
            if (silos.FirstOrDefault(s => s.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.Name} exited during start-up:\n{dead.Console}");
            if (clock.Elapsed > budget) throw new TimeoutException($"{silos.Count} silos were not active after {budget.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    /// <summary>A started Orleans client host that finds the cluster's gateways in <paramref name="database"/>'s membership table.</summary>
    public static async Task<IHost> ConnectAsync(PostgresDatabase database, string clusterId, string serviceId)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Clustering"] = "AdoNet",
            ["ConnectionStrings:Orleans"] = database.ConnectionString,
        }).Build();
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
                client.UseOtpAdoNetClustering(config);
            }))
            .Build();
        await host.StartAsync();
        return host;
    }

    public static async Task StopAsync(IHost client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.StopAsync(timeout.Token);
    }
}
