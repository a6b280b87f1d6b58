using System.Net;

namespace OtpGrains.Silo;

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
        var settings = new ClusterSettings(
            orleans["ClusterId"] ?? "otpgrains-dev",
            orleans["ServiceId"] ?? "otpgrains",
            orleans["Clustering"] ?? Localhost,
            orleans["Storage"] ?? Memory,
            orleans.GetValue("SiloPort", 11111),
            orleans.GetValue("GatewayPort", 30000),
            IPAddress.TryParse(orleans["AdvertisedIP"], out var advertised) ? advertised : IPAddress.Loopback);
        if (settings.Clustering is not (Localhost or AdoNet))
            throw new InvalidOperationException($"Orleans:Clustering must be {Localhost} or {AdoNet}, not '{settings.Clustering}'.");
        if (settings.Storage is not (Memory or AdoNet))
            throw new InvalidOperationException($"Orleans:Storage must be {Memory} or {AdoNet}, not '{settings.Storage}'.");
        return settings;
    }

    public bool UsesAdoNet => Clustering == AdoNet || Storage == AdoNet;

    /// <summary>The same cluster, forced onto localhost clustering and memory storage (the gateway's embedded mode).</summary>
    public ClusterSettings Embedded() => this with { Clustering = Localhost, Storage = Memory };
}
