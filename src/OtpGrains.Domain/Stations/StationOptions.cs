namespace OtpGrains.Domain.Stations;

/// <summary>
/// How one station keeps time: its time zone, the weekdays it delivers on and its holidays.
/// Bound from <c>Stations:Default</c> and <c>Stations:{stationId}</c>.
/// </summary>
public sealed record StationOptions
{
    /// <summary>IANA time zone id, such as <c>Europe/London</c>.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Weekdays on which the station delivers; Monday to Saturday unless configured.</summary>
    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } =
    [
        DayOfWeek.Monday,
        DayOfWeek.Tuesday,
        DayOfWeek.Wednesday,
        DayOfWeek.Thursday,
        DayOfWeek.Friday,
        DayOfWeek.Saturday,
    ];

    /// <summary>Station-local dates on which the station does not deliver, even on a working weekday.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}
