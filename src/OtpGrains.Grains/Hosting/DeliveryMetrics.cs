using System.Diagnostics.Metrics;

namespace OtpGrains.Grains.Hosting;

/// <summary>
/// Counters for operators (meter <c>OtpGrains</c>; read with dotnet-counters or any
/// OpenTelemetry exporter). Tags are outcomes and command kinds only, never ids or codes.
/// </summary>
public sealed class DeliveryMetrics : IDisposable
{
    public const string MeterName = "OtpGrains";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> commands;
    private readonly Counter<long> outboxFailures;
    private readonly Counter<long> budgetRefusals;

    public DeliveryMetrics()
    {
        commands = meter.CreateCounter<long>("otpgrains.driver.commands", description: "Driver commands answered, by kind and outcome or refusal.");
        outboxFailures = meter.CreateCounter<long>("otpgrains.outbox.failures", description: "Outbox deliveries that failed and will be retried.");
        budgetRefusals = meter.CreateCounter<long>("otpgrains.budget.refusals", description: "Entries and requests refused by a cluster-wide budget, by budget.");
    }

    public void DriverCommand(DriverCommandKind kind, DriverReply reply) =>
        commands.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()),
            new KeyValuePair<string, object?>("result", reply.Fault?.ToString() ?? reply.Outcome?.ToString() ?? reply.Status.ToString()));

    public void OutboxFailure() => outboxFailures.Add(1);

    /// <summary>A refusal by a driver budget (<c>HourlyEntries</c>, <c>DailyFallbacks</c>) or a per-package one (<c>Reissues</c>, <c>Resends</c>).</summary>
    public void BudgetRefusal(object budget) => budgetRefusals.Add(1, new KeyValuePair<string, object?>("budget", budget.ToString()));

    public void Dispose() => meter.Dispose();
}
