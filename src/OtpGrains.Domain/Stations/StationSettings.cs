namespace OtpGrains.Domain.Stations;

public sealed record StationSettings
{
    public string TimeZone { get; init; } = "UTC";
    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}
