using System.Net;

namespace OtpGrains.Hosting;

/// <summary>The <c>Orleans:*</c> keys of CONFIG.md, with their defaults.</summary>
public sealed record ClusterSettings(
    string ClusterId,
    string ServiceId,
    string Clustering,
    string Storage,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedIP)
{
    public const string Localhost = "Localhost";
    public const string AdoNet = "AdoNet";
    public const string Memory = "Memory";

    public static ClusterSettings Read(IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        return new ClusterSettings(
            orleans["ClusterId"] ?? "otpgrains-dev",
            orleans["ServiceId"] ?? "otpgrains",
            AdoNetSettings.ClusteringIsAdoNet(configuration) ? AdoNet : Localhost,
            AdoNetSettings.StorageIsAdoNet(configuration) ? AdoNet : Memory,
            orleans.GetValue("SiloPort", 11111),
            orleans.GetValue("GatewayPort", 30000),
            IPAddress.TryParse(orleans["AdvertisedIP"], out var advertised) ? advertised : IPAddress.Loopback);
    }

    /// <summary>The same cluster, forced onto localhost clustering and memory storage (the gateway's embedded mode).</summary>
    public ClusterSettings Embedded() => this with { Clustering = Localhost, Storage = Memory };
}
