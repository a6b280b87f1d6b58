using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace OtpGrains.Hosting.Configuration;

/// <summary>A setting is missing, invalid or misspelled. Its message is the one line an operator reads.</summary>
public sealed class MisconfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// How every process (silo, gateway, redelivery job) stops on a bad setting: one line on standard
/// error naming the setting, exit code 2, no stack trace. Anything else is a crash and stays one.
/// </summary>
public static class Misconfiguration
{
    /// <summary>The exit code of a process refused for its configuration.</summary>
    public const int ExitCode = 2;

    /// <summary>
    /// Runs a process's configuration phase (reading settings, registering services, building the host):
    /// the exceptions the settings readers throw for a bad value become <see cref="MisconfigurationException"/>.
    /// </summary>
    public static T WhileConfiguring<T>(Func<T> configure)
    {
        try
        {
            return configure();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or TimeZoneNotFoundException)
        {
            throw new MisconfigurationException(PostgresEndpoint.OneLine(ex.Message), ex);
        }
    }

    /// <summary>Runs <paramref name="main"/>; a misconfiguration ends it with one line on <paramref name="error"/> and <see cref="ExitCode"/>.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> main, TextWriter error)
    {
        try
        {
            return await main();
        }
        catch (Exception ex) when (Explain(ex) is { } line)
        {
            await error.WriteLineAsync(line);
            return ExitCode;
        }
    }

    /// <summary>The one line for a configuration failure, or null when <paramref name="exception"/> is not one.</summary>
    public static string? Explain(Exception exception) => exception switch
    {
        MisconfigurationException m => m.Message,
        OptionsValidationException v => PostgresEndpoint.OneLine(string.Join("; ", v.Failures)),
        OrleansConfigurationException o => PostgresEndpoint.OneLine(o.Message),
        // The host runs every ValidateOnStart check and throws them together when more than one fails.
        AggregateException { InnerExceptions.Count: > 0 } all when all.InnerExceptions.All(e => Explain(e) is not null) =>
            string.Join("; ", all.InnerExceptions.Select(e => Explain(e)).Distinct()),
        _ => null,
    };
}
