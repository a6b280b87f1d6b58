using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using OtpGrains.Tests.Postgres;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Hosting;

/// <summary>
/// Runs one of the repository's built executables (<c>dotnet src/X/bin/.../X.dll</c>) to its exit with
/// only the given settings in its environment, and keeps what it printed.
/// </summary>
public static class BuiltProcess
{
    public const string Gateway = "OtpGrains.Gateway";
    public const string Silo = "OtpGrains.Silo";
    public const string Redelivery = "OtpGrains.Redelivery";

    /// <summary>src/<paramref name="project"/>/bin/&lt;Configuration&gt;/net10.0/<paramref name="project"/>.dll of this repository.</summary>
    public static string Assembly(string project)
    {
        var configuration = typeof(BuiltProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OtpGrains.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"No OtpGrains.sln above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(dir.FullName, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist; build the solution first (dotnet build).");
    }

    /// <summary>
    /// Starts <paramref name="project"/> with <paramref name="environment"/> (free ports for anything it
    /// could listen on) and waits up to <paramref name="budget"/> for it to exit.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string project, IReadOnlyDictionary<string, string> environment, string[]? args = null, TimeSpan? budget = null)
    {
        var start = StartInfo(project, environment, args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(budget ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{project} was still running after {(budget ?? TimeSpan.FromSeconds(60)).TotalSeconds} s: {await error} {await output}");
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// How <paramref name="project"/> is started: with only <paramref name="environment"/> of the test run's
    /// settings, and free loopback ports for the API listener (<c>ASPNETCORE_URLS</c>) and Orleans unless
    /// <paramref name="environment"/> names them.
    /// </summary>
    public static ProcessStartInfo StartInfo(string project, IReadOnlyDictionary<string, string> environment, string[]? args = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Assembly(project));
        foreach (var arg in args ?? []) start.ArgumentList.Add(arg);
        // Nothing of the test run's own settings may reach the process.
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                                                             || k.StartsWith("OTEL_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }
}
