using System.Globalization;
using DbUp.Engine.Output;

namespace OtpGrains.Silo.Storage;

/// <summary>Sends DbUp's progress to the command's output; trace and debug chatter is dropped.</summary>
internal sealed class TextWriterUpgradeLog(TextWriter writer) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args)
    {
    }

    public void LogDebug(string format, params object[] args)
    {
    }

    public void LogInformation(string format, params object[] args) => Write(format, args);

    public void LogWarning(string format, params object[] args) => Write("warning: " + format, args);

    public void LogError(string format, params object[] args) => Write("error: " + format, args);

    // The exception text is appended after formatting: it may contain braces.
    public void LogError(Exception ex, string format, params object[] args) =>
        writer.WriteLine("error: " + Format(format, args) + " (" + PostgresEndpoint.OneLine(ex.Message) + ")");

    private void Write(string format, object[] args) => writer.WriteLine(Format(format, args));

    private static string Format(string format, object[] args) =>
        args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}
