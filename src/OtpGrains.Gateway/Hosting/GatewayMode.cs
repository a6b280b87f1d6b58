namespace OtpGrains.Gateway.Hosting;

/// <summary>How the gateway reaches the grains (<c>Gateway:Mode</c>).</summary>
public enum GatewayMode
{
    /// <summary>Co-hosts one localhost silo with memory storage: the whole service in one process.</summary>
    Embedded,

    /// <summary>Joins an existing cluster as an Orleans client through <c>Orleans:Clustering</c>.</summary>
    Client,
}
