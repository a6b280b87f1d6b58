using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OtpGrains.Grains.Hosting;
using OtpGrains.Silo;
using OtpGrains.Silo.Storage;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// In-process clusters whose grains persist to a PostgreSQL database through the production wiring
/// (<see cref="PostgresExtensions.UseOtpAdoNet"/>) and read the delivery rules' time from a settable clock.
/// </summary>
public static class PostgresClusters
{
    /// <summary>
    /// Starts <paramref name="silos"/> silos on <paramref name="database"/>. Clusters given the same
    /// <paramref name="serviceId"/> see the same grain state, which is what a restart needs.
    /// </summary>
    /// <param name="driverWrongEntriesPerHour">
    /// The driver budget; by default out of the way, because these clusters test storage with dozens of
    /// wrong entries by one driver. The budget's own tests give the real number.
    /// </param>
    public static async Task<InProcessTestCluster> StartAsync(PostgresDatabase database, SettableTime time, string serviceId, short silos = 1,
        int driverWrongEntriesPerHour = 100_000)
    {
        var config = ClusterFixture.Configuration(new Dictionary<string, string?>
        {
            ["Orleans:Storage"] = "AdoNet",
            ["ConnectionStrings:Orleans"] = database.ConnectionString,
            ["Policy:DriverWrongEntriesPerHour"] = driverWrongEntriesPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseOtpAdoNet(config, OtpStorage.Name);
            silo.AddOtpGrains(config, isDevelopment: true);
            silo.Services.AddSingleton(new DeliveryClock(time));
        });
        // As the gateway and the job do, so a caller's trace continues into the grains and their SQL.
        builder.ConfigureClient(client => client.AddActivityPropagation());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}
