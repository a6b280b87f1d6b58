using OtpGrains.Tests.Hosting;
using OtpGrains.Tests.Support;
using System.Diagnostics;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// A real OtpGrains.Silo process (the build output next to this test assembly's configuration),
/// with its console kept for diagnosis. Dispose kills it if it is still running.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly RunningProcess process;

    private SiloProcess(string name, RunningProcess process, int siloPort, int gatewayPort, int managementPort)
    {
        Name = name;
        this.process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        ManagementPort = managementPort;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>Where the silo's /metrics and /health/* answer (Management:Urls on 127.0.0.1).</summary>
    public int ManagementPort { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the silo printed, for a failing test's message.</summary>
    public string Console => process.Console;

    /// <summary>Every line still kept (the last 200), for checks over the whole output.</summary>
    public IReadOnlyList<string> Lines => process.Lines;

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>src/OtpGrains.Silo/bin/&lt;Configuration&gt;/net10.0/OtpGrains.Silo.dll of this repository.</summary>
    public static string SiloAssembly => BuiltProcess.Assembly(BuiltProcess.Silo);

    /// <summary>Starts a silo on free ports with <paramref name="environment"/> on top of the test's own.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        while (gatewayPort == siloPort) gatewayPort = FreePort.Next();
        var managementPort = FreePort.Next();
        while (managementPort == siloPort || managementPort == gatewayPort) managementPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(SiloAssembly);
        // Nothing of the test run's own database settings may leak into the silo.
        start.Environment.Remove("ConnectionStrings__Orleans");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Management__Urls"] = $"http://127.0.0.1:{managementPort}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        // The silo is a web host (for its management listener), which prefers ASPNETCORE_* settings.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");

        return new SiloProcess(name, RunningProcess.Start(start), siloPort, gatewayPort, managementPort);
    }

    /// <summary>SIGKILL: no graceful shutdown, no membership update, nothing flushed.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM, what an orchestrator sends first: the silo should leave the cluster and exit by itself.</summary>
    public void Terminate() => process.Terminate();

    /// <summary>Waits for the process to exit (and its output to be read); false if it is still running after <paramref name="budget"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan budget) => process.WaitForExitAsync(budget);

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
