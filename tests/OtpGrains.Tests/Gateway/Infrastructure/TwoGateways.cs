namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>
/// One cluster (an embedded gateway's silo, on its own fake clock) and two more gateways in Client mode
/// joined to it, as a carrier runs several gateways behind a load balancer. Limits held anywhere but in
/// the grains would be per gateway here, so tests that alternate <see cref="A"/> and <see cref="B"/>
/// show they hold cluster-wide. The ASP.NET limiters are set high so the grains decide.
/// </summary>
public sealed class TwoGateways : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> HighLimits = new()
    {
        ["RateLimits:DriverAttemptsPerMinute"] = "100000",
        ["RateLimits:CustomerResendsPerMinute"] = "100000",
        ["RateLimits:AnonymousPerMinute"] = "100000",
    };

    public GatewayHost Silo { get; } = new("Development", GatewayHost.Defaults(HighLimits));

    public GatewayHost GatewayA { get; private set; } = null!;

    public GatewayHost GatewayB { get; private set; } = null!;

    public Api A { get; private set; } = null!;

    public Api B { get; private set; } = null!;

    /// <summary>The two client gateways, for alternating calls.</summary>
    public Api[] Both => [A, B];

    public async Task InitializeAsync()
    {
        var siloApi = new Api(Silo.CreateClient());
        (await siloApi.Send(HttpMethod.Get, "/health/ready")).Is(System.Net.HttpStatusCode.OK);
        GatewayA = Client();
        GatewayB = Client();
        A = new Api(GatewayA.CreateClient());
        B = new Api(GatewayB.CreateClient());
        (await A.Send(HttpMethod.Get, "/health/ready")).Is(System.Net.HttpStatusCode.OK);
        (await B.Send(HttpMethod.Get, "/health/ready")).Is(System.Net.HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await GatewayA.DisposeAsync();
        await GatewayB.DisposeAsync();
        await Silo.DisposeAsync();
    }

    private GatewayHost Client() => new("Development", GatewayHost.Defaults(new(HighLimits)
    {
        ["Gateway:Mode"] = "Client",
        ["Orleans:Clustering"] = "Localhost",
        ["Orleans:GatewayPort"] = Silo.Settings["Orleans:GatewayPort"],
        ["Orleans:ClusterId"] = Silo.Settings["Orleans:ClusterId"],
    }));
}
