using System.Net;

namespace OtpGrains.Hosting;

/// <summary>The <c>Orleans:*</c> keys of docs/configuration.md, with their defaults.</summary>
public sealed record OtpClusterOptions(
    string ClusterId,
    string ServiceId,
    string Clustering,
    string Storage,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedIP,
    bool ListenOnAllInterfaces,
    bool AllowMemoryStorageInAdoNetCluster)
{
    public const string Section = "Orleans";
    public const string Localhost = "Localhost";
    public const string AdoNet = "AdoNet";
    public const string Memory = "Memory";

    /// <summary>Every key of the section; any other key stops the process (see <see cref="KnownSettings"/>).</summary>
    public static readonly string[] Keys =
    [
        "ClusterId", "ServiceId", "Clustering", "Storage", "SiloPort", "GatewayPort", "AdvertisedIP",
        nameof(ListenOnAllInterfaces), nameof(AllowMemoryStorageInAdoNetCluster),
    ];

    public static OtpClusterOptions Read(IConfiguration configuration)
    {
        var orleans = configuration.GetSection(Section);
        return new OtpClusterOptions(
            orleans["ClusterId"] ?? "otpgrains-dev",
            orleans["ServiceId"] ?? "otpgrains",
            AdoNetConfiguration.ClusteringIsAdoNet(configuration) ? AdoNet : Localhost,
            AdoNetConfiguration.StorageIsAdoNet(configuration) ? AdoNet : Memory,
            Port(orleans, "SiloPort", 11111),
            Port(orleans, "GatewayPort", 30000),
            Address(orleans, "AdvertisedIP"),
            Flag(orleans, nameof(ListenOnAllInterfaces)),
            Flag(orleans, nameof(AllowMemoryStorageInAdoNetCluster)));
    }

    /// <summary>Registers the section's keys as the only ones this process accepts in it.</summary>
    public static void AddKnownKeys(IServiceCollection services) => services.AddKnownSettings(Section, Keys);

    /// <summary>The same cluster, forced onto localhost clustering and memory storage (the gateway's embedded mode).</summary>
    public OtpClusterOptions Embedded() => this with { Clustering = Localhost, Storage = Memory };

    /// <summary>
    /// A silo keeping state in memory while it is a member of a durable cluster takes packages in and
    /// loses them when it leaves, so it is refused unless explicitly allowed (throwaway test clusters).
    /// </summary>
    public void RefuseMemoryStorageInDurableCluster()
    {
        if (Clustering == AdoNet && Storage == Memory && !AllowMemoryStorageInAdoNetCluster)
        {
            throw new MisconfigurationException(
                $"Orleans:Storage is {Memory} (the default) but Orleans:Clustering is {AdoNet}: this silo would lose the state of every package it hosts. " +
                $"Set Orleans:Storage={AdoNet}, or Orleans:{nameof(AllowMemoryStorageInAdoNetCluster)}=true for a throwaway cluster.");
        }
    }

    private static int Port(IConfigurationSection section, string key, int fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : throw new MisconfigurationException($"{section.Path}:{key} must be a port number (1-65535), not '{text}'.");

    // A typo in the advertised address must not silently become loopback, which other hosts cannot reach.
    private static IPAddress Address(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new MisconfigurationException($"{section.Path}:{key} must be an IP address such as 10.0.0.5, not '{text}'.");

    private static bool Flag(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? false
        : bool.TryParse(text, out var value) ? value
        : throw new MisconfigurationException($"{section.Path}:{key} must be true or false, not '{text}'.");
}
