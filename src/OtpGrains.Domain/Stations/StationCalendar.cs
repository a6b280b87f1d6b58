namespace OtpGrains.Domain.Stations;

public sealed class StationCalendar(string stationId, StationSettings settings)
{
    public string StationId { get; } = stationId;
    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
    public TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly localTime)
    {
        var local = date.ToDateTime(localTime);
        while (TimeZone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
    public bool IsWorkingDay(DateOnly date) => settings.WorkingDays.Contains(date.DayOfWeek) && !settings.Holidays.Contains(date);
    public DateOnly NextWorkingDay(DateOnly after)
    {
        for (var d = after.AddDays(1); d <= after.AddDays(366); d = d.AddDays(1)) if (IsWorkingDay(d)) return d;
        throw new InvalidOperationException($"Station {StationId} has no working day within a year after {after}.");
    }
}
