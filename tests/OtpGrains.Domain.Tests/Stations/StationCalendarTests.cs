using OtpGrains.Domain.Stations;

namespace OtpGrains.Tests.Stations;

public sealed class StationCalendarTests
{
    private static readonly StationCalendar DefaultCalendar = new("DEFAULT", new StationOptions());

    private static DateOnly Date(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Default_settings_are_UTC_Monday_to_Saturday_without_holidays()
    {
        var settings = new StationOptions();

        Assert.Equal("UTC", settings.TimeZone);
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
            settings.WorkingDays);
        Assert.Empty(settings.Holidays);
        Assert.Equal(TimeSpan.Zero, DefaultCalendar.TimeZone.BaseUtcOffset);
    }

    [Fact]
    public void Calendar_arithmetic_at_the_ends_of_time_does_not_overflow()
    {
        var chicago = new StationCalendar("ORD1", new StationOptions { TimeZone = "America/Chicago" });
        var tokyo = new StationCalendar("NRT1", new StationOptions { TimeZone = "Asia/Tokyo" });

        Assert.Equal(DateTimeOffset.MaxValue, chicago.ToInstant(DateOnly.MaxValue, new TimeOnly(23, 0)));
        Assert.Equal(DateTimeOffset.MinValue, tokyo.ToInstant(DateOnly.MinValue, new TimeOnly(3, 0)));
        Assert.Equal(DateOnly.MaxValue, chicago.LocalDate(DateTimeOffset.MaxValue));
        var none = Assert.Throws<InvalidOperationException>(() => chicago.NextWorkingDay(DateOnly.MaxValue));
        Assert.Contains("9999-12-31", none.Message);
    }

    [Fact]
    public void Friday_failure_is_redelivered_on_Saturday_by_default()
    {
        Assert.Equal(Date(2025, 6, 14), DefaultCalendar.NextWorkingDay(Date(2025, 6, 13)));
    }

    [Fact]
    public void Saturday_failure_skips_Sunday_and_is_redelivered_on_Monday_by_default()
    {
        Assert.False(DefaultCalendar.IsWorkingDay(Date(2025, 6, 15)));
        Assert.Equal(Date(2025, 6, 16), DefaultCalendar.NextWorkingDay(Date(2025, 6, 14)));
    }

    [Fact]
    public void Next_working_day_is_strictly_after_the_given_day()
    {
        Assert.True(DefaultCalendar.IsWorkingDay(Date(2025, 6, 10)));
        Assert.Equal(Date(2025, 6, 11), DefaultCalendar.NextWorkingDay(Date(2025, 6, 10)));
    }

    [Fact]
    public void Station_working_Monday_to_Friday_redelivers_a_Friday_failure_on_Monday()
    {
        var calendar = new StationCalendar("LHR1", new StationOptions
        {
            WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        });

        Assert.False(calendar.IsWorkingDay(Date(2025, 6, 14)));
        Assert.Equal(Date(2025, 6, 16), calendar.NextWorkingDay(Date(2025, 6, 13)));
    }

    [Fact]
    public void Station_working_on_Sunday_redelivers_a_Saturday_failure_on_Sunday()
    {
        var calendar = new StationCalendar("DXB1", new StationOptions
        {
            WorkingDays = [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday],
        });

        Assert.Equal(Date(2025, 6, 15), calendar.NextWorkingDay(Date(2025, 6, 12)));
    }

    [Fact]
    public void Holiday_on_a_working_weekday_is_not_a_working_day()
    {
        var calendar = new StationCalendar("LHR1", new StationOptions { Holidays = [Date(2025, 5, 26)] });

        Assert.False(calendar.IsWorkingDay(Date(2025, 5, 26)));
        Assert.Equal(Date(2025, 5, 27), calendar.NextWorkingDay(Date(2025, 5, 24)));
    }

    [Fact]
    public void Consecutive_holidays_and_the_weekend_are_all_skipped()
    {
        // Christmas 2025 is a Thursday: Thu and Fri are holidays, Sat is a holiday too, Sunday is off.
        var calendar = new StationCalendar("LHR1", new StationOptions
        {
            Holidays = [Date(2025, 12, 25), Date(2025, 12, 26), Date(2025, 12, 27)],
        });

        Assert.Equal(Date(2025, 12, 29), calendar.NextWorkingDay(Date(2025, 12, 24)));
    }

    [Fact]
    public void Calendar_without_any_working_day_refuses_to_pick_one()
    {
        var calendar = new StationCalendar("NOWHERE", new StationOptions { WorkingDays = [] });

        var error = Assert.Throws<InvalidOperationException>(() => calendar.NextWorkingDay(Date(2025, 6, 13)));
        Assert.Contains("NOWHERE", error.Message);
    }

    [Fact]
    public void Late_UTC_evening_is_already_the_next_day_in_Kolkata()
    {
        var calendar = new StationCalendar("BLR1", new StationOptions { TimeZone = "Asia/Kolkata" });
        var instant = new DateTimeOffset(2025, 3, 10, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(Date(2025, 3, 11), calendar.LocalDate(instant));
        Assert.Equal(new TimeOnly(1, 30), calendar.LocalTime(instant));
    }

    [Fact]
    public void Early_UTC_morning_is_still_the_previous_day_in_New_York()
    {
        var calendar = new StationCalendar("JFK1", new StationOptions { TimeZone = "America/New_York" });
        var instant = new DateTimeOffset(2025, 1, 15, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(Date(2025, 1, 14), calendar.LocalDate(instant));
        Assert.Equal(new TimeOnly(22, 0), calendar.LocalTime(instant));
    }

    [Fact]
    public void Return_deadline_the_day_after_a_failure_follows_the_spring_forward_in_London()
    {
        // Failure on Saturday 29 March 2025 (GMT); clocks go forward early on Sunday 30 March.
        var calendar = new StationCalendar("LHR1", new StationOptions { TimeZone = "Europe/London" });
        var failedAt = new DateTimeOffset(2025, 3, 29, 18, 0, 0, TimeSpan.Zero);

        var deadline = calendar.ToInstant(calendar.LocalDate(failedAt).AddDays(1), new TimeOnly(10, 0));

        Assert.Equal(new DateTimeOffset(2025, 3, 30, 9, 0, 0, TimeSpan.Zero), deadline);
        Assert.Equal(new TimeOnly(10, 0), calendar.LocalTime(deadline));
    }

    [Fact]
    public void Return_deadline_the_day_after_a_failure_follows_the_autumn_change_in_New_York()
    {
        // Failure on Saturday 1 November 2025 (EDT, UTC-4); Sunday 2 November is back on EST, UTC-5.
        var calendar = new StationCalendar("JFK1", new StationOptions { TimeZone = "America/New_York" });

        Assert.Equal(new DateTimeOffset(2025, 11, 1, 14, 0, 0, TimeSpan.Zero), calendar.ToInstant(Date(2025, 11, 1), new TimeOnly(10, 0)));
        Assert.Equal(new DateTimeOffset(2025, 11, 2, 15, 0, 0, TimeSpan.Zero), calendar.ToInstant(Date(2025, 11, 2), new TimeOnly(10, 0)));
    }

    [Fact]
    public void Time_skipped_by_spring_forward_in_London_moves_to_the_end_of_the_gap()
    {
        var calendar = new StationCalendar("LHR1", new StationOptions { TimeZone = "Europe/London" });

        // 01:30 does not exist on 30 March 2025; the clocks read 02:00 BST at 01:00 UTC.
        var instant = calendar.ToInstant(Date(2025, 3, 30), new TimeOnly(1, 30));

        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(new TimeOnly(2, 0), calendar.LocalTime(instant));
    }

    [Fact]
    public void Time_skipped_by_spring_forward_in_New_York_moves_to_the_end_of_the_gap()
    {
        var calendar = new StationCalendar("JFK1", new StationOptions { TimeZone = "America/New_York" });

        var instant = calendar.ToInstant(Date(2025, 3, 9), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 7, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(new TimeOnly(3, 0), calendar.LocalTime(instant));
    }

    [Fact]
    public void Time_repeated_by_the_autumn_change_in_London_takes_the_earlier_instant()
    {
        var calendar = new StationCalendar("LHR1", new StationOptions { TimeZone = "Europe/London" });

        // 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT) on 26 October 2025.
        Assert.Equal(
            new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero),
            calendar.ToInstant(Date(2025, 10, 26), new TimeOnly(1, 30)));
    }

    [Fact]
    public void Time_repeated_by_the_autumn_change_in_New_York_takes_the_earlier_instant()
    {
        var calendar = new StationCalendar("JFK1", new StationOptions { TimeZone = "America/New_York" });

        Assert.Equal(
            new DateTimeOffset(2025, 11, 2, 5, 30, 0, TimeSpan.Zero),
            calendar.ToInstant(Date(2025, 11, 2), new TimeOnly(1, 30)));
    }

    [Fact]
    public void Unknown_time_zone_is_rejected_with_the_station_and_zone_named()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new StationCalendar("XXX1", new StationOptions { TimeZone = "Mars/Olympus_Mons" }));

        Assert.Contains("XXX1", error.Message);
        Assert.Contains("Mars/Olympus_Mons", error.Message);
    }
}
