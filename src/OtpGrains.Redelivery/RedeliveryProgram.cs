namespace OtpGrains.Redelivery;

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
