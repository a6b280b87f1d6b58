namespace OtpGrains.Grains.Hosting;

/// <summary>Retry pacing for cross-grain messages and emails waiting in a package's outbox (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(2);
}
