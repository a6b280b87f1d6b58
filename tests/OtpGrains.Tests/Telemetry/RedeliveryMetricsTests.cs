using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OtpGrains.Redelivery;

namespace OtpGrains.Tests.Telemetry;

public sealed class RedeliveryMetricsTests
{
    [Fact]
    public void A_runs_summary_is_counted_by_result()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var counts = new MetricCollector<long>(meters, "OtpGrains", "otpgrains.redelivery.packages");
        var summary = new RedeliverySummary([new DateOnly(2026, 11, 26)],
            [new StationSummary("S-1", new DateOnly(2026, 11, 26), Packages: 6, Scheduled: 3, NewCodes: 1, ReturnedToShipper: 1, NotReturned: 2, AlreadyHandled: 0, Failed: 0)],
            []);

        new RedeliveryMetrics(meters).Record(summary);

        var byResult = counts.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["result"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["scheduled"] = 3, ["new_code"] = 1, ["returned_to_shipper"] = 1, ["not_returned"] = 2, ["failed"] = 0 }, byResult);
    }
}
