using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OtpGrains.Domain.Codes;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Packages;

namespace OtpGrains.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Everything the grains need: the policy, the key ring (checked at start, so a process without
    /// keys refuses to start), email and the outbox. Station calendars come from the hosting library.
    /// </summary>
    public static IServiceCollection AddOtpGrainServices(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddOtpOptions<DeliveryPolicy>(configuration, "Policy")
            .Validate(p => p.AttemptsPerDay > 0 && p.FallbacksPerDay >= 0 && p.ResendsPerDay >= 0 && p.MaxFailedDays > 0,
                "Policy:AttemptsPerDay and Policy:MaxFailedDays must be positive, Policy:FallbacksPerDay and Policy:ResendsPerDay not negative.")
            .Validate(p => p.MissingReportsToFlag > 0 && p.MissingReportWindowDays > 0 && p.FlagDays > 0 && p.ReliabilityWindowDays > 0
                           && p.ExcuseWindowDays > 0 && p.IdempotencyRetentionHours > 0,
                "Policy:MissingReportsToFlag, MissingReportWindowDays, FlagDays, ReliabilityWindowDays, ExcuseWindowDays and IdempotencyRetentionHours must be positive.")
            .Validate(p => p.DeliveryWindowStart < p.DeliveryWindowEnd && p.CustomerFriendlyStart < p.CustomerFriendlyEnd,
                "Policy:DeliveryWindowStart must be before Policy:DeliveryWindowEnd, and Policy:CustomerFriendlyStart before Policy:CustomerFriendlyEnd.")
            .Validate(p => p.ValueThresholdsMinor.Values.All(v => v >= 0) && p.FallbackMaxValueMinor.Values.All(v => v >= 0),
                "Policy:ValueThresholdsMinor and Policy:FallbackMaxValueMinor must not hold negative amounts.")
            .Validate(p => p.DriverWrongEntriesPerHour > 0 && p.DriverReservationSeconds > 0 && p.DriverBudgetFlushSeconds > 0
                           && p.DriverFallbacksPerDay >= 0 && p.ReissuesPerDay >= 0,
                "Policy:DriverWrongEntriesPerHour, DriverReservationSeconds and DriverBudgetFlushSeconds must be positive, Policy:DriverFallbacksPerDay and ReissuesPerDay not negative.")
            .Validate(p => p.SignalWrongEntryRate is >= 0 and <= 1 && p.SignalFallbackShare is >= 0 and <= 1 && p.SignalMinEntries >= 0,
                "Policy:SignalWrongEntryRate and Policy:SignalFallbackShare must be from 0 to 1, Policy:SignalMinEntries not negative.")
            .Validate(p => p.LegacyPackageOwner is null || !string.IsNullOrWhiteSpace(p.LegacyPackageOwner),
                "Policy:LegacyPackageOwner, when set, must name a shipper.");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeliveryPolicy>>().Value);
        OtpKeyOptions.AddTo(services, configuration, isDevelopment);
        services.TryAddSingleton(new DeliveryClock(TimeProvider.System));
        services.AddOtpOptions<OutboxOptions>(configuration, "Outbox")
            .Validate(o => o.FirstRetry > TimeSpan.Zero && o.MaxRetry >= o.FirstRetry,
                "Outbox:FirstRetry must be positive and Outbox:MaxRetry at least as long.");
        services.TryAddSingleton<IOutboxDispatcher, OutboxDispatcher>();
        services.TryAddSingleton<EmailCourier>();
        DeliveryMetrics.AddTo(services);
        services.AddOtpEmail(configuration, isDevelopment);
        return services;
    }
}
