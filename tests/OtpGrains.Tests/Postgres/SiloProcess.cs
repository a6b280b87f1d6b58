using OtpGrains.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// A real OtpGrains.Silo process (the build output next to this test assembly's configuration),
/// with its console kept for diagnosis. Dispose kills it if it is still running.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private int disposed;

    private SiloProcess(string name, Process process, int siloPort, int gatewayPort, int managementPort)
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

    public bool HasExited => disposed == 1 || process.HasExited;

    /// <summary>The last lines the silo printed, for a failing test's message.</summary>
    public string Console => string.Join('\n', lines.TakeLast(40));

    /// <summary>Every line still kept (the last 200), for checks over the whole output.</summary>
    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>src/OtpGrains.Silo/bin/&lt;Configuration&gt;/net10.0/OtpGrains.Silo.dll of this repository.</summary>
    public static string SiloAssembly
    {
        get
        {
            var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OtpGrains.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException($"No OtpGrains.sln above {AppContext.BaseDirectory}.");
            var dll = Path.Combine(dir.FullName, "src", "OtpGrains.Silo", "bin", configuration, "net10.0", "OtpGrains.Silo.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist; build the solution first (dotnet build).");
        }
    }


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

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var silo = new SiloProcess(name, process, siloPort, gatewayPort, managementPort);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>SIGKILL: no graceful shutdown, no membership update, nothing flushed.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }

    /// <summary>
    /// SIGTERM, what an orchestrator sends first: the silo should leave the cluster and exit by itself.
    /// /bin/kill rather than a libc P/Invoke keeps the test free of native interop; .NET itself has no
    /// managed way to send a signal other than SIGKILL.
    /// </summary>
    public void Terminate()
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add("-TERM");
        start.ArgumentList.Add(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {process.Id} exited with {kill.ExitCode}.");
    }

    /// <summary>Waits for the process to exit (and its output to be read); false if it is still running after <paramref name="budget"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan budget)
    {
        using var timeout = new CancellationTokenSource(budget);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lines.Enqueue(line);
        while (lines.Count > 200) lines.TryDequeue(out _);
    }
}
