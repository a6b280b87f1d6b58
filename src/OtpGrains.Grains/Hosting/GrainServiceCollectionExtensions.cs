using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpGrains.Domain.Codes;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Packages;
using OtpGrains.Grains.Stations;

namespace OtpGrains.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Everything the grains need: the policy, the key ring (read now, so a process without keys
    /// refuses to start), station calendars, email and the outbox.
    /// </summary>
    public static IServiceCollection AddOtpGrainServices(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        var policy = new DeliveryPolicy();
        configuration.GetSection("Policy").Bind(policy);
        services.AddSingleton(policy);
        services.AddSingleton(new CodeVault(OtpKeyRingConfiguration.Read(configuration, isDevelopment)));
        services.TryAddSingleton(new DeliveryClock(TimeProvider.System));
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.TryAddSingleton<IOutboxDispatcher, OutboxDispatcher>();
        services.TryAddSingleton<EmailCourier>();
        services.TryAddSingleton<DeliveryMetrics>();
        services.AddOtpStations(configuration);
        services.AddOtpEmail(configuration);
        return services;
    }
}
