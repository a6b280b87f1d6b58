namespace OtpGrains.Domain.Stations;

/// <summary>
/// A station's local clock and working calendar: converts instants to station-local dates and
/// times, and finds the next day the station delivers on.
/// </summary>
public sealed class StationCalendar
{
    /// <summary>How far <see cref="NextWorkingDay"/> looks before deciding a calendar has no working day.</summary>
    private const int SearchHorizonDays = 366;

    private readonly HashSet<DayOfWeek> workingDays;
    private readonly HashSet<DateOnly> holidays;

    /// <summary>Creates the calendar of <paramref name="stationId"/> from its settings.</summary>
    /// <exception cref="ArgumentException">The station id is empty or the time zone is unknown.</exception>
    public StationCalendar(string stationId, StationOptions settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stationId);
        ArgumentNullException.ThrowIfNull(settings);

        StationId = stationId;
        TimeZone = ResolveTimeZone(stationId, settings.TimeZone);
        workingDays = [.. settings.WorkingDays];
        holidays = [.. settings.Holidays];
    }

    /// <summary>The station this calendar belongs to.</summary>
    public string StationId { get; }

    /// <summary>The station's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The station-local date at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    /// <summary>The station-local wall-clock time at <paramref name="instant"/>.</summary>
    public TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(ToLocal(instant));

    /// <summary>
    /// The instant at which the station's clocks show <paramref name="localTime"/> on <paramref name="date"/>.
    /// A time skipped by a daylight-saving change moves forward to the first instant after the gap;
    /// a time that occurs twice takes the earlier instant, so a deadline is never later than it reads.
    /// An instant beyond what <see cref="DateTimeOffset"/> can hold (the last hours of 9999 west of UTC,
    /// the first of year 1 east of it) is the nearest one it can.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly localTime)
    {
        var local = date.ToDateTime(localTime, DateTimeKind.Unspecified);

        if (TimeZone.IsInvalidTime(local))
        {
            return FirstInstantAfterGap(local);
        }

        if (TimeZone.IsAmbiguousTime(local))
        {
            // The larger offset belongs to the first pass through the repeated hour.
            var earlier = TimeZone.GetAmbiguousTimeOffsets(local).Max();
            return Instant(local, earlier);
        }

        return Instant(local, TimeZone.GetUtcOffset(local));
    }

    /// <summary>Whether the station delivers on <paramref name="date"/>: a working weekday that is not a holiday.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        workingDays.Contains(date.DayOfWeek) && !holidays.Contains(date);

    /// <summary>The first working day strictly after <paramref name="after"/>.</summary>
    /// <exception cref="InvalidOperationException">The calendar has no working day within a year.</exception>
    public DateOnly NextWorkingDay(DateOnly after)
    {
        // Day numbers bound the search, so a date near the end of the calendar cannot overflow it.
        for (var offset = 1; offset <= SearchHorizonDays && after.DayNumber + offset <= DateOnly.MaxValue.DayNumber; offset++)
        {
            var candidate = after.AddDays(offset);
            if (IsWorkingDay(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"Station '{StationId}' has no working day within {SearchHorizonDays} days after {IsoDate.Format(after)}; " +
            "check its WorkingDays and Holidays.");
    }

    private DateTime ToLocal(DateTimeOffset instant) =>
        new(Math.Clamp(instant.UtcTicks + TimeZone.GetUtcOffset(instant).Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks));

    /// <summary>The instant a local wall-clock time with <paramref name="offset"/> names, held within DateTimeOffset's range.</summary>
    private static DateTimeOffset Instant(DateTime local, TimeSpan offset)
    {
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks > DateTimeOffset.MaxValue.UtcTicks) return DateTimeOffset.MaxValue;
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks) return DateTimeOffset.MinValue;
        return new DateTimeOffset(local, offset);
    }

    private DateTimeOffset FirstInstantAfterGap(DateTime local)
    {
        // A skipped local time lies between the offset in force before the change and the one after it.
        // The transition itself is the first valid instant; find it by bisecting the UTC span in which
        // it must fall, which works for gaps of any length without knowing the zone's rules.
        var before = TimeZone.GetUtcOffset(local.Ticks > TimeSpan.TicksPerDay ? local.AddDays(-1) : local);
        var after = TimeZone.GetUtcOffset(local.Ticks < DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay ? local.AddDays(1) : local);

        var lowTicks = (local - after).Ticks;  // still before the change
        var highTicks = (local - before).Ticks; // already after the change
        while (highTicks - lowTicks > 1)
        {
            var middle = lowTicks + ((highTicks - lowTicks) / 2);
            if (TimeZone.GetUtcOffset(new DateTime(middle, DateTimeKind.Utc)) == before)
            {
                lowTicks = middle;
            }
            else
            {
                highTicks = middle;
            }
        }

        var transition = new DateTimeOffset(highTicks, TimeSpan.Zero);
        return transition.ToOffset(TimeZone.GetUtcOffset(transition));
    }

    private static TimeZoneInfo ResolveTimeZone(string stationId, string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            throw new ArgumentException(
                $"Station '{stationId}' has no time zone; set an IANA id such as 'Europe/London'.",
                nameof(timeZoneId));
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"Station '{stationId}' has unknown time zone '{timeZoneId}'; use an IANA id such as 'Europe/London'.",
                nameof(timeZoneId),
                exception);
        }
    }
}
