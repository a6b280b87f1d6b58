using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace OtpGrains.Redelivery;

/// <summary>
/// The command line: <c>run [--date yyyy-MM-dd] [--station ID] [--json]</c>, plus settings written
/// <c>--Section:Key=Value</c> for the sections the job reads (<see cref="SettingSections"/>). Anything
/// else is an error, so a misspelled option (<c>--statoin=S-9</c>) can never pass as a setting and
/// let the job run for every station. How it reaches the cluster and what time it is are handed in,
/// so tests run the real command against their own cluster and clock.
/// </summary>
public sealed class RedeliveryCommand(ClusterConnector connect, TimeProvider time, bool showProgress)
{
    private readonly Option<DateOnly?> date = new("--date")
    {
        Description = "The failure date to process, yyyy-MM-dd. Default: yesterday in each station's time zone.",
        HelpName = "yyyy-MM-dd",
        CustomParser = ParseDate,
    };

    private readonly Option<string?> station = new("--station")
    {
        Description = "Process only this station. Default: every station that had failures on the date.",
        HelpName = "ID",
    };

    private readonly Option<bool> json = new("--json")
    {
        Description = "Print the summary as one JSON object: date, stations, scheduled, newCodes, returnedToShipper, notReturned.",
    };

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given console streams.</summary>
    public Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parsed = Build().Parse(args);
        // A bad argument gets its one-line message, not the whole help text after it.
        if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    public RootCommand Build()
    {
        station.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string?>()))
                result.AddError("--station needs a station id.");
        });

        var run = new Command("run", "Schedule the next-working-day redelivery of the packages that failed on a date.")
        {
            date,
            station,
            json,
        };
        // Leftover tokens are settings (--Orleans:GatewayPort=30001); RunAsync checks their form.
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction(RunAsync);

        return new RootCommand("OtpGrains redelivery job: run it each morning, after the return scans.") { run };
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        var settings = parsed.UnmatchedTokens;
        if (settings.FirstOrDefault(token => !IsSetting(token)) is { } unknown)
        {
            await error.WriteLineAsync(Unrecognized(unknown));
            return ExitCodes.BadArguments;
        }

        RedeliveryCluster cluster;
        try
        {
            cluster = await connect(settings, cancellationToken);
        }
        catch (ClusterUnreachableException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.ClusterUnreachable;
        }
        catch (Exception exception) when (Misconfiguration.Explain(exception) is { } line)
        {
            // A setting the job cannot work with (a missing connection string, a misspelled key): one line, no stack.
            await error.WriteLineAsync(line);
            return ExitCodes.Misconfigured;
        }

        await using (cluster)
        {
            var options = new RedeliveryArguments(parsed.GetValue(date), parsed.GetValue(station)?.Trim());
            var progress = showProgress ? new ConsoleProgress(error) : null;
            RedeliverySummary summary;
            try
            {
                summary = await new RedeliveryRun(cluster.Grains, cluster.Stations, time).ExecuteAsync(options, progress, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The index grains did not answer (a lost connection, a timeout). What the run already did
                // is durable in the package grains, and a re-run skips it.
                await error.WriteLineAsync($"The run stopped: {exception.Message} Packages already handled stay handled; run the job again.");
                return ExitCodes.ClusterUnreachable;
            }

            cluster.Metrics?.Record(summary);
            foreach (var failure in summary.Failures)
                await error.WriteLineAsync($"Could not handle package {failure.TrackingId} ({failure.StationId} {GrainKeys.Day(failure.Date)}): {failure.Reason}");
            if (parsed.GetValue(json))
                await output.WriteLineAsync(SummaryJson.Write(summary));
            else
                SummaryText.Write(summary, output);
            return summary.Failures.IsEmpty ? ExitCodes.Success : ExitCodes.PackagesFailed;
        }
    }

    /// <summary>The configuration sections a <c>--Section:Key=Value</c> setting may address.</summary>
    public static readonly string[] SettingSections = ["Orleans", "ConnectionStrings", "Stations", "Redelivery", "Logging"];

    private static readonly string[] Options = ["--date", "--station", "--json"];

    private static bool IsSetting(string token)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal)) return false;
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return equals > 0 && colon > 2 && colon < equals
               && SettingSections.Contains(token[2..colon], StringComparer.OrdinalIgnoreCase);
    }

    private static string Unrecognized(string token)
    {
        var name = token.Split('=', 2)[0];
        var nearest = Options.MinBy(option => KnownSettings.Distance(option, name.ToLowerInvariant()))!;
        return name.Contains(':', StringComparison.Ordinal)
            ? $"Unrecognized setting '{name}': settings are --Section:Key=Value for the sections {string.Join(", ", SettingSections)}."
            : KnownSettings.Distance(nearest, name.ToLowerInvariant()) <= 3
                ? $"Unrecognized option '{name}'; did you mean {nearest}? Options: --date yyyy-MM-dd, --station ID, --json."
                : $"Unrecognized argument '{token}'. Options: --date yyyy-MM-dd, --station ID, --json; settings are --Section:Key=Value, such as --Orleans:GatewayPort=30001.";
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (IsoDate.TryParse(text, out var value))
            return value;
        result.AddError($"--date must be a date in yyyy-MM-dd form, such as 2026-11-27, not '{text}'.");
        return null;
    }
}

/// <summary>
/// The redelivery job's entry point: <c>run [--date yyyy-MM-dd] [--station ID] [--json]</c>.
/// Named so it cannot clash with the gateway's top-level <c>Program</c> in projects that reference both.
/// </summary>
public static class RedeliveryProgram
{
    public static Task<int> Main(string[] args) =>
        new RedeliveryCommand(ClusterClientHost.ConnectAsync, TimeProvider.System, showProgress: !Console.IsErrorRedirected)
            .InvokeAsync(args, Console.Out, Console.Error);
}

/// <summary>What one run of the redelivery job processes.</summary>
/// <param name="Date">The failure date; null means yesterday in each station's own time zone.</param>
/// <param name="StationId">One station; null means every station that had failures on the date.</param>
public sealed record RedeliveryArguments(DateOnly? Date = null, string? StationId = null)
{
    /// <summary>How many packages are handled at once; bounded so a big station cannot flood the cluster.</summary>
    public int Parallelism { get; init; } = 16;
}

/// <summary>The job's exit codes, for the scheduler that runs it.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments: an unknown option, a malformed value (System.CommandLine also answers parse errors with 1).</summary>
    public const int BadArguments = 1;

    /// <summary>A setting is missing, invalid or misspelled; the same code as the silo and the gateway.</summary>
    public const int Misconfigured = Misconfiguration.ExitCode;

    /// <summary>The run finished but some packages could not be handled; running it again is safe and retries them.</summary>
    public const int PackagesFailed = 3;

    /// <summary>No gateway answered within the connect timeout, or the cluster was lost during the run; run it again.</summary>
    public const int ClusterUnreachable = 4;
}
