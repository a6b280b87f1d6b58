using Microsoft.Extensions.Hosting;

namespace OtpGrains.Redelivery;

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
