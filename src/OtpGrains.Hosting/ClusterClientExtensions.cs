namespace OtpGrains.Hosting;

/// <summary>The one code path that points an Orleans client (the gateway in Client mode, the batch job) at the cluster.</summary>
public static class ClusterClientExtensions
{
    /// <summary>
    /// Reads <c>Orleans:*</c> like the silo does, so a client finds the silos it configures: localhost
    /// clustering on the silo's gateway port, or the ADO.NET membership table. The first connection is
    /// retried for <paramref name="connectBudget"/>. A call unanswered after <paramref name="responseTimeout"/>
    /// fails (Orleans' default is 30 s), so a caller that retries elsewhere is not held by a dead silo.
    /// </summary>
    public static IClientBuilder UseOtpCluster(this IClientBuilder client, IConfiguration configuration, TimeSpan connectBudget, TimeSpan responseTimeout)
    {
        var settings = OtpClusterOptions.Read(configuration);
        OtpClusterOptions.AddKnownKeys(client.Services);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        client.Services.AddSingleton<IClientConnectionRetryFilter>(sp =>
            new ConnectDeadline(connectBudget, TimeProvider.System, sp.GetRequiredService<ILogger<ConnectDeadline>>()));
        return settings.Clustering == OtpClusterOptions.Localhost
            ? client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId)
            : client.UseOtpAdoNetClustering(configuration);
    }
}

/// <summary>
/// Retries a client's first connection to the cluster until a deadline, so a client started while
/// silos are still coming up waits for them, and one pointed at no cluster gives up in bounded time.
/// </summary>
public sealed class ConnectDeadline(TimeSpan budget, TimeProvider time, ILogger<ConnectDeadline> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly long started = time.GetTimestamp();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var elapsed = time.GetElapsedTime(started);
        if (elapsed + RetryDelay >= budget) return false;
        logger.LogInformation("The cluster did not answer ({Error}); retrying for up to {Remaining:0} s more",
            exception.GetType().Name, (budget - elapsed).TotalSeconds);
        await Task.Delay(RetryDelay, time, cancellationToken);
        return true;
    }
}
