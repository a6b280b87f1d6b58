namespace OtpGrains.Grains.Hosting;

/// <summary>
/// The clock the delivery rules read. It wraps a <see cref="TimeProvider"/> of its own so tests can
/// move the rules' time without moving the clock Orleans itself runs on.
/// </summary>
public sealed class DeliveryClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
