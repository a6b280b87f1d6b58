using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// The throwaway PostgreSQL server that <c>tests/run.sh</c> starts: its connection string
/// (<c>OTPGRAINS_TEST_POSTGRES</c>), its data directory (<c>$OTP_PG_DIR/data</c>) and its tools.
/// A missing variable fails the test with the command that provides it; nothing is skipped.
/// </summary>
public static partial class PostgresServer
{
    public const string ConnectionVariable = "OTPGRAINS_TEST_POSTGRES";
    public const string DirectoryVariable = "OTP_PG_DIR";

    private const string HowToRun =
        "The PostgreSQL tests need a throwaway server: run them with `bash tests/run.sh` (or: eval \"$(bash tests/postgres.sh start)\"; " +
        "export OTPGRAINS_TEST_POSTGRES=$ConnectionStrings__Orleans; unset ConnectionStrings__Orleans).";

    /// <summary>The Npgsql connection string of the server's default database.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ConnectionVariable} is not set. {HowToRun}");

    /// <summary>The data directory pg_ctl works on.</summary>
    public static string DataDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(Path.Combine(dir, "data")))
                throw new InvalidOperationException($"{DirectoryVariable} does not name the throwaway server's directory. {HowToRun}");
            return Path.Combine(dir, "data");
        }
    }

    /// <summary>The newest /usr/lib/postgresql/*/bin, which tests/postgres.sh also uses.</summary>
    public static string BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                  .Select(d => Path.Combine(d, "bin"))
                  .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                  .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                  .LastOrDefault() ?? throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql/*/bin.")
            : throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql/*/bin.");

    /// <summary>Stops the server the way an operator's fast shutdown does: sessions are cut off.</summary>
    public static async Task StopAsync() =>
        (await RunAsOwnerAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"])).EnsureSuccess("pg_ctl stop");

    /// <summary>Starts the server again with the options it was first started with (port, socket, tuning).</summary>
    public static async Task StartAsync()
    {
        var data = DataDirectory;
        var options = StartOptions(await File.ReadAllTextAsync(Path.Combine(data, "postmaster.opts")));
        var log = Path.Combine(Path.GetDirectoryName(data)!, "postgres.log");
        (await RunAsOwnerAsync("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"])).EnsureSuccess("pg_ctl start");
        // Connections pooled in this process before the stop are dead; drop them so the next user opens fresh ones.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>True when a connection to the server's default database opens.</summary>
    public static async Task<bool> IsUpAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a PostgreSQL tool from the server's bin directory, as the postgres user when we are root
    /// (the server refuses to run as root, and its data directory belongs to postgres).
    /// </summary>
    public static async Task<ToolResult> RunAsOwnerAsync(string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = Path.Combine(BinDirectory, tool);
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter the test's working directory.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", path }) start.ArgumentList.Add(a);
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await output, await error);
    }

    // postmaster.opts holds the server's command line: the binary, then quoted arguments. Everything
    // but the binary and its -D pair goes back to pg_ctl's -o, which hands it to a shell as is.
    private static string StartOptions(string postmasterOpts)
    {
        var line = postmasterOpts.Trim();
        var firstQuote = line.IndexOf('"', StringComparison.Ordinal);
        var arguments = firstQuote < 0 ? string.Empty : line[firstQuote..];
        return DataDirectoryOption().Replace(arguments, string.Empty).Trim();
    }

    [GeneratedRegex("\"-D\"\\s+\"[^\"]*\"")]
    private static partial Regex DataDirectoryOption();
}
