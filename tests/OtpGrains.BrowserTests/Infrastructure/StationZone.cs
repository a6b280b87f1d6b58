namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>
/// A fixed-offset IANA zone (<c>Etc/GMT±N</c>) where the hour is 12 when the run starts. The gateway's
/// stations and the browser's clock both use it, so the station's today, the driver's today and the
/// browser's today are one day, well inside the delivery window and before a 21:30 block.
/// </summary>
public static class StationZone
{
    public static readonly string Id = For(DateTime.UtcNow);

    /// <summary>Etc/GMT-N is UTC+N (the POSIX sign is inverted).</summary>
    public static string For(DateTime utc)
    {
        var offset = 12 - utc.Hour;
        return offset switch
        {
            0 => "Etc/UTC",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, Id));
}
