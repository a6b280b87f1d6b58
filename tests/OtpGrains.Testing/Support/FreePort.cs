using System.Net;
using System.Net.Sockets;

namespace OtpGrains.Tests.Support;

/// <summary>A loopback port nothing listens on: bound to port 0 for a free one, then released.</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
