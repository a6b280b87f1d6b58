using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace OtpGrains.Grains.Hosting;

/// <summary>
/// The project's instruments (meter <c>OtpGrains</c>; every process exports it, see docs/metrics.md).
/// Tags are kinds, outcomes and budget names only: never an id, a code, a phone number, an e-mail
/// address or a name, so a metric can be shown to anyone who may see the dashboards.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "OtpGrains";

    /// <summary>Registers the instruments once per process (a silo, a Client-mode gateway, or both in embedded mode).</summary>
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DeliveryMetricsAtStart>());
        return services;
    }

    // Enum names become snake_case tag values once each, not on every call.
    private static readonly ConcurrentDictionary<Enum, string> Labels = new();

    private readonly Counter<long> commands;
    private readonly Counter<long> attempts;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> budgetRefusals;
    private readonly Histogram<double> outboxLag;
    private readonly Counter<long> outboxDelivered;
    private readonly Counter<long> outboxFailures;
    private readonly Counter<long> emailsSent;
    private readonly Counter<long> emailFailures;
    private long activePackages;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        commands = meter.CreateCounter<long>("otpgrains.driver.commands", description: "Driver commands answered (replays included), by kind and outcome, refusal or resulting status.");
        attempts = meter.CreateCounter<long>("otpgrains.attempts", description: "Counted entries at the door (code or phone-digit fallback), by verdict; outcome=locked is the entry that locked the package for the day.");
        deliveries = meter.CreateCounter<long>("otpgrains.deliveries", description: "Completed handovers, by how the recipient was verified: code, fallback (phone digits) or plain (no OTP).");
        budgetRefusals = meter.CreateCounter<long>("otpgrains.budget.refusals", description: "Requests refused because a budget was spent, by budget.");
        outboxLag = meter.CreateHistogram<double>("otpgrains.outbox.lag", unit: "s", description: "Age of an outbox message when it was delivered, from when this activation first held it pending.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        outboxDelivered = meter.CreateCounter<long>("otpgrains.outbox.delivered", description: "Outbox messages delivered (driver events, index entries, missing reports, e-mails).");
        outboxFailures = meter.CreateCounter<long>("otpgrains.outbox.failures", description: "Outbox passes that failed and scheduled a retry.");
        emailsSent = meter.CreateCounter<long>("otpgrains.email.sent", description: "E-mails handed to the sender (pickup folder or SMTP relay), by kind.");
        emailFailures = meter.CreateCounter<long>("otpgrains.email.failures", description: "E-mails the sender failed to send (the outbox retries them), by kind.");
        meter.CreateObservableGauge("otpgrains.packages.active", () => Interlocked.Read(ref activePackages), description: "Package grain activations on this silo.");
    }

    /// <summary>
    /// One driver command answered. <paramref name="counted"/> is false for a replayed idempotency key,
    /// which changes nothing and so must not count an attempt or a delivery a second time.
    /// </summary>
    public void DriverCommand(DriverCommandKind kind, DriverReply reply, bool counted)
    {
        commands.Add(1, Tag("kind", kind), new("result", Label(reply.Fault ?? reply.Outcome ?? (Enum)reply.Status)));
        if (!counted) return;
        if (reply.Outcome is { } outcome)
            attempts.Add(1, Tag("kind", kind), Tag("outcome", outcome));
        if (reply.Status == PackageStatus.Delivered && reply.Fault is null)
            deliveries.Add(1, new KeyValuePair<string, object?>("method", kind == DriverCommandKind.Delivered ? "plain" : Label(kind)));
    }

    /// <summary>
    /// A request refused because <paramref name="budget"/> was spent: a gateway rate limit
    /// (<c>driver-attempts</c>, <c>customer-resends</c>, <c>anonymous</c>) or a per-package daily limit
    /// (<c>package-reissues</c>, <c>package-resends</c>).
    /// </summary>
    public void BudgetRefusal(string budget) => budgetRefusals.Add(1, new KeyValuePair<string, object?>("budget", budget));

    /// <summary>A refusal by a driver's cluster-wide budget: <c>driver-hourly-entries</c> or <c>driver-daily-fallbacks</c>.</summary>
    public void BudgetRefusal(DriverBudgetKind budget) => BudgetRefusal("driver-" + Label(budget).Replace('_', '-'));

    public void OutboxDelivered(TimeSpan age)
    {
        outboxDelivered.Add(1);
        outboxLag.Record(Math.Max(0, age.TotalSeconds));
    }

    public void OutboxFailure() => outboxFailures.Add(1);

    public void EmailSent(EmailKind kind) => emailsSent.Add(1, Tag("kind", kind));

    public void EmailFailed(EmailKind kind) => emailFailures.Add(1, Tag("kind", kind));

    public void PackageActivated() => Interlocked.Increment(ref activePackages);

    public void PackageDeactivated() => Interlocked.Decrement(ref activePackages);

    private static KeyValuePair<string, object?> Tag(string name, Enum value) => new(name, Label(value));

    /// <summary><c>WrongCode</c> becomes <c>wrong_code</c>, the form Prometheus label values usually take.</summary>
    private static string Label(Enum value) => Labels.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var label = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && label.Length > 0) label.Append('_');
            label.Append(char.ToLowerInvariant(c));
        }
        return label.ToString();
    });
}

/// <summary>
/// Creates the project's meter when the host starts rather than at its first use, so a fresh process
/// exports every instrument from its first scrape (<c>otpgrains_packages_active</c> 0, not missing).
/// </summary>
internal sealed class DeliveryMetricsAtStart(DeliveryMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
