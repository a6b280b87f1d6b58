using System.Net;
using System.Net.Sockets;

namespace OtpGrains.DeployTests.Support;

/// <summary>A loopback port nobody listens on right now (never the local cluster's fixed ports).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
