using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using OtpGrains.Tests.Support;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// Real silo processes on a test database, in a station time zone where it is now a delivery hour,
/// all Active in the membership table, with (optionally) an Orleans client connected to them.
/// A test that reaches its end calls <see cref="FinishAsync"/>; disposing kills every silo and
/// deletes the working directory, and a cluster disposed without <see cref="FinishAsync"/> (the test
/// failed) first writes each silo's console to the test output.
/// </summary>
public sealed class RealSiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(90);

    private readonly ITestOutputHelper output;
    private readonly DirectoryInfo work;
    private readonly SiloProcess[] silos;
    private IHost? client;
    private SiloAddress[] hosts = [];
    private bool finished;

    private RealSiloCluster(string clusterId, string zone, DateOnly stationToday, DirectoryInfo work, SiloProcess[] silos, ITestOutputHelper output)
    {
        ClusterId = clusterId;
        ServiceId = $"otp-{clusterId}";
        Zone = zone;
        StationToday = stationToday;
        this.work = work;
        this.silos = silos;
        this.output = output;
    }

    public string ClusterId { get; }

    public string ServiceId { get; }

    /// <summary>The station's time zone, one in which it is now 11:xx (see <see cref="RealSilos.ZoneNearNoon"/>).</summary>
    public string Zone { get; }

    /// <summary>Today's date in the station's time zone.</summary>
    public DateOnly StationToday { get; }

    /// <summary>The silo processes, named silo-1, silo-2, ...</summary>
    public IReadOnlyList<SiloProcess> Silos => silos;

    /// <summary>The connected client's grains; only when started with a client.</summary>
    public IClusterClient Grains => client?.Services.GetRequiredService<IClusterClient>()
                                    ?? throw new InvalidOperationException("This cluster was started without a client.");

    /// <summary>The silos' addresses as the cluster reports them; only when started with a client.</summary>
    public IReadOnlyList<SiloAddress> Hosts => hosts;

    /// <summary>How long starting the silos, waiting for them and connecting the client took.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>
    /// Starts <paramref name="silos"/> silo processes on <paramref name="database"/> in a fresh cluster
    /// (id "<paramref name="name"/>-&lt;random&gt;"), waits until they are all Active and, unless
    /// <paramref name="connectClient"/> is false, connects a client that sees them all.
    /// </summary>
    public static async Task<RealSiloCluster> StartAsync(
        PostgresDatabase database, ITestOutputHelper output, string name, int silos, bool connectClient = true)
    {
        var clock = Stopwatch.StartNew();
        var clusterId = Deliveries.NewId(name);
        var (zone, stationToday) = RealSilos.ZoneNearNoon();
        var work = Directory.CreateTempSubdirectory("otp-silos-");
        var environment = RealSilos.Environment(database, clusterId, $"otp-{clusterId}", zone, work.FullName);
        var processes = Enumerable.Range(1, silos).Select(i => SiloProcess.Start($"silo-{i}", environment, work.FullName)).ToArray();
        var cluster = new RealSiloCluster(clusterId, zone, stationToday, work, processes, output);
        try
        {
            await RealSilos.WaitUntilActiveAsync(database, clusterId, processes, StartBudget);
            if (connectClient)
            {
                cluster.client = await RealSilos.ConnectAsync(database, clusterId, cluster.ServiceId);
                cluster.hosts = [.. (await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys];
                Assert.Equal(silos, cluster.hosts.Length);
            }

            cluster.StartedIn = clock.Elapsed;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A gateway in Client mode (Development, so /dev/tokens works) that joins this cluster through <paramref name="database"/>.</summary>
    public Gateway.Infrastructure.GatewayHost ClientModeGateway(PostgresDatabase database, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Client",
            ["Orleans:Clustering"] = "AdoNet",
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:ServiceId"] = ServiceId,
            ["ConnectionStrings:Orleans"] = database.ConnectionString,
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return new Gateway.Infrastructure.GatewayHost("Development", Gateway.Infrastructure.GatewayHost.Defaults(settings));
    }

    /// <summary>The silo process behind <paramref name="address"/>.</summary>
    public SiloProcess Silo(SiloAddress address) => silos.Single(s => s.SiloPort == address.Endpoint.Port);

    /// <summary>
    /// <paramref name="count"/> packages out for delivery today with one fresh driver, alternating the
    /// silos so each hosts some; each with its customer and a wrong code for it.
    /// </summary>
    public Task<(string Driver, (string TrackingId, string Customer, string Wrong)[] Packages)> OutForDeliveryAsync(int count) =>
        new Deliveries(Grains).OutForDeliveryAcross(hosts, count, StationToday);

    /// <summary>The silo hosting the most of <paramref name="trackingIds"/>, with the ones it hosts.</summary>
    public async Task<(SiloProcess Silo, SiloAddress Address, string[] Packages)> BusiestSiloAsync(IEnumerable<string> trackingIds)
    {
        var (address, packages) = await new Deliveries(Grains).BusiestSilo(hosts, trackingIds);
        return (Silo(address), address, packages);
    }

    /// <summary>The test ran to its end: the client (if any) leaves the cluster gracefully.</summary>
    public async Task FinishAsync()
    {
        if (client is not null) await RealSilos.StopAsync(client);
        finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!finished)
        {
            foreach (var silo in silos) output.WriteLine($"--- {silo.Name} (exited: {silo.HasExited}) ---\n{silo.Console}");
        }

        client?.Dispose();
        foreach (var silo in silos) await silo.DisposeAsync();
        work.Delete(recursive: true);
    }
}
