using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using OtpGrains.Hosting;
using OtpGrains.Hosting.Telemetry;

namespace OtpGrains.Redelivery;

/// <summary>
/// The job's Orleans client, configured the standard .NET way (appsettings.json, environment variables,
/// <c>--Key=Value</c>) and started with a bounded wait for the cluster.
/// </summary>
public static class ClusterClientHost
{
    /// <summary>How long to keep trying to reach a gateway, overridable as <c>Redelivery:ConnectTimeout</c>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A batch call unanswered this long is stuck on a lost silo; failing it lets a re-run finish the work.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(15);

    /// <inheritdoc cref="ClusterConnector"/>
    public static async Task<RedeliveryCluster> ConnectAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. settings] });
        QuietLogging(builder);
        var (cluster, timeout, host) = Misconfiguration.WhileConfiguring(() =>
        {
            builder.AddOtpTelemetry("otpgrains-redelivery");
            builder.Services.AddSingleton<RedeliveryMetrics>();
            var cluster = OtpClusterOptions.Read(builder.Configuration);
            builder.Services.AddKnownSettings("Redelivery", "ConnectTimeout");
            var timeout = builder.Configuration.GetValue("Redelivery:ConnectTimeout", DefaultConnectTimeout);
            if (timeout <= TimeSpan.Zero) throw new MisconfigurationException($"Redelivery:ConnectTimeout must be a positive time span such as 00:00:10, not '{timeout}'.");
            builder.Services.AddOtpStations(builder.Configuration);
            // Services.AddOrleansClient rather than builder.UseOrleansClient: the latter also reads the
            // Orleans:* section as Orleans' own provider configuration, and takes
            // Orleans:Clustering=Localhost for a provider it cannot find.
            builder.Services.AddOrleansClient(client => client.UseOtpCluster(builder.Configuration, timeout, ResponseTimeout).AddActivityPropagation());
            return (cluster, timeout, builder.Build());
        });

        // Checked before connecting, so a misspelled key or a bad station calendar fails without touching the cluster.
        StationDirectory stations;
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            stations = Misconfiguration.WhileConfiguring(() => host.Services.GetRequiredService<StationDirectory>());
        }
        catch
        {
            host.Dispose();
            throw;
        }
        try
        {
            // The retry filter gives up at the deadline; the token is a backstop for a connect attempt that hangs.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout + TimeSpan.FromSeconds(5));
            await host.StartAsync(deadline.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var hint = cluster.Clustering == OtpClusterOptions.Localhost
                ? "Is a silo, or the gateway in Embedded mode, running on this machine?"
                : "Is a silo running, and is the membership database reachable?";
            throw new ClusterUnreachableException(
                $"Cannot reach the Orleans cluster '{cluster.ClusterId}' (service '{cluster.ServiceId}', {Describe(cluster)}) " +
                $"within {timeout.TotalSeconds:0.#} s: {exception.Message.TrimEnd('.')}. {hint}",
                exception);
        }

        return new RedeliveryCluster(host.Services.GetRequiredService<IClusterClient>(), stations, host, host.Services.GetRequiredService<RedeliveryMetrics>());
    }

    private static string Describe(OtpClusterOptions cluster) =>
        cluster.Clustering == OtpClusterOptions.Localhost
            ? $"{OtpClusterOptions.Localhost} clustering, gateway port {cluster.GatewayPort}"
            : $"{cluster.Clustering} clustering";

    private static void QuietLogging(HostApplicationBuilder builder)
    {
        // Standard output belongs to the summary (one JSON object with --json), so logs go to standard
        // error, and only warnings: the job's own progress and summary say what happened.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The Orleans client and the host log a failed connect with stack traces; the job reports an
        // unreachable cluster in one line instead. Logging:LogLevel:{category} brings them back.
        foreach (var category in (string[])["Orleans", "Microsoft.Extensions.Hosting"])
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, LogLevel.None);
        }
    }
}

/// <summary>
/// What a run works with: the grains, the station calendars, and the client host (if any) to stop
/// afterwards, and where the run's counts go. Tests hand in their own cluster's grains and no host.
/// </summary>
public sealed class RedeliveryCluster(IGrainFactory grains, StationDirectory stations, IHost? host = null, RedeliveryMetrics? metrics = null) : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    public IGrainFactory Grains { get; } = grains;

    public StationDirectory Stations { get; } = stations;

    public RedeliveryMetrics? Metrics { get; } = metrics;

    public async ValueTask DisposeAsync()
    {
        if (host is null) return;
        using var stopping = new CancellationTokenSource(StopTimeout);
        await host.StopAsync(stopping.Token);
        host.Dispose();
    }
}

/// <summary>
/// Joins the cluster for one run, given the <c>--Key=Value</c> settings from the command line;
/// throws <see cref="ClusterUnreachableException"/> when no gateway answers in time.
/// </summary>
public delegate Task<RedeliveryCluster> ClusterConnector(IReadOnlyList<string> settings, CancellationToken cancellationToken);

/// <summary>The job could not join the cluster; its message is the one line the console prints.</summary>
public sealed class ClusterUnreachableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
