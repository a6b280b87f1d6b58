using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

    /// <inheritdoc cref="ClusterConnector"/>
    public static async Task<RedeliveryCluster> ConnectAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. settings] });
        QuietLogging(builder);
        builder.AddOtpTelemetry("otpgrains-redelivery");
        builder.Services.AddSingleton<RedeliveryMetrics>();
        var cluster = ClusterSettings.Read(builder.Configuration);
        var timeout = builder.Configuration.GetValue("Redelivery:ConnectTimeout", DefaultConnectTimeout);
        builder.Services.AddOtpStations(builder.Configuration);
        // Services.AddOrleansClient rather than builder.UseOrleansClient: the latter also reads the
        // Orleans:* section as Orleans' own provider configuration, and takes CONFIG.md's
        // Orleans:Clustering=Localhost for a provider it cannot find.
        builder.Services.AddOrleansClient(client => client.UseOtpCluster(builder.Configuration, timeout).AddActivityPropagation());

        var host = builder.Build();
        // Resolved before connecting, so a misconfigured station calendar fails without touching the cluster.
        var stations = host.Services.GetRequiredService<StationDirectory>();
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
            var hint = cluster.Clustering == ClusterSettings.Localhost
                ? "Is a silo, or the gateway in Embedded mode, running on this machine?"
                : "Is a silo running, and is the membership database reachable?";
            throw new ClusterUnreachableException(
                $"Cannot reach the Orleans cluster '{cluster.ClusterId}' (service '{cluster.ServiceId}', {Describe(cluster)}) " +
                $"within {timeout.TotalSeconds:0.#} s: {exception.Message.TrimEnd('.')}. {hint}",
                exception);
        }

        return new RedeliveryCluster(host.Services.GetRequiredService<IClusterClient>(), stations, host, host.Services.GetRequiredService<RedeliveryMetrics>());
    }

    private static string Describe(ClusterSettings cluster) =>
        cluster.Clustering == ClusterSettings.Localhost
            ? $"{ClusterSettings.Localhost} clustering, gateway port {cluster.GatewayPort}"
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
