using Microsoft.Extensions.Logging;

namespace OtpGrains.Silo;

/// <summary>
/// Says, loudly, when state lives only in memory: once the host has started, so it is the last thing
/// an operator sees after the listening addresses rather than a line lost among the start-up output.
/// </summary>
public sealed class StartupBanner(NotDurableWarning warning, IHostApplicationLifetime lifetime, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (warning.InMemory)
            lifetime.ApplicationStarted.Register(() => logger.LogWarning(
                "Grain state and reminders are IN MEMORY ONLY: nothing survives a restart. Use Orleans:Storage=AdoNet in production."));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
