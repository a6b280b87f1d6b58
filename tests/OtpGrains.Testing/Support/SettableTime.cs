namespace OtpGrains.Tests.Support;

/// <summary>
/// A clock tests can move both ways (the fake in Microsoft.Extensions.TimeProvider.Testing only
/// goes forward), for a cluster shared by tests that each need their own moment.
/// </summary>
public sealed class SettableTime(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref ticks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
