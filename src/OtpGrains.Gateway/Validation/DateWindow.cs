using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Gateway.Validation;

/// <summary>
/// The dates a request may name: from yesterday to <c>Policy:MaxDaysAhead</c> days ahead on the UTC
/// calendar (<see cref="DeliveryPolicy.IsInDateWindow"/>), read on the delivery rules' clock. The route
/// grain refuses the same dates, so this is the friendly early answer, not the only guard.
/// </summary>
public sealed class DateWindow(DeliveryPolicy policy, DeliveryClock clock)
{
    public string Rule => $"must be from yesterday to {policy.MaxDaysAhead} days ahead (UTC)";

    public bool Contains(DateOnly date) => policy.IsInDateWindow(date, clock.Now);

    /// <summary>Support reports look back over what drivers' records keep: the reliability window, today included.</summary>
    public string ReportRule => $"must be from {policy.ReliabilityWindowDays - 1} days ago to today (UTC)";

    public bool ContainsReportDay(DateOnly date) =>
        date >= policy.FirstKeptDay(clock.Now) && date <= DateOnly.FromDateTime(clock.Now.UtcDateTime);

    /// <summary>
    /// Embedded mode shares the co-hosted silo's policy and clock; in Client mode the gateway reads the
    /// same <c>Policy</c> section itself and the system clock.
    /// </summary>
    public static IServiceCollection Register(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(new DeliveryClock(TimeProvider.System));
        services.AddSingleton(sp =>
        {
            var policy = sp.GetService<DeliveryPolicy>();
            if (policy is null)
            {
                policy = new DeliveryPolicy();
                configuration.GetSection("Policy").Bind(policy);
            }
            return new DateWindow(policy, sp.GetRequiredService<DeliveryClock>());
        });
        return services;
    }
}
