namespace OtpGrains.Tests.Postgres;

/// <summary>What an external tool (pg_ctl, pg_dump) printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public ToolResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} exited {ExitCode}: {Error.Trim()} {Output.Trim()}".Trim());
}
