using Microsoft.Extensions.Logging;

namespace OtpGrains.Silo;

/// <summary>Says at start-up, loudly, when state lives only in memory.</summary>
public sealed class StartupBanner(NotDurableWarning warning, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (warning.InMemory)
            logger.LogWarning("Grain state and reminders are IN MEMORY ONLY: nothing survives a restart. Use Orleans:Storage=AdoNet in production.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
