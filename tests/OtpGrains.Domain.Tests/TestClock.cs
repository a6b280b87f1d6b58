using Microsoft.Extensions.Time.Testing;

namespace OtpGrains.Tests.Support;

/// <summary>The rules' clock in tests: a fake that starts on a known working day at noon UTC.</summary>
public static class TestClock
{
    /// <summary>Friday 2026-11-27 12:00 UTC.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static DateOnly Today => DateOnly.FromDateTime(Noon.UtcDateTime);

    public static FakeTimeProvider Create() => new(Noon);
}
