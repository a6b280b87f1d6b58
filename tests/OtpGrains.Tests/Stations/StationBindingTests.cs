using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OtpGrains.Domain.Stations;

namespace OtpGrains.Tests.Stations;

public sealed class StationBindingTests
{
    private static StationDirectory Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddOtpStations(configuration).BuildServiceProvider();
        return provider.GetRequiredService<StationDirectory>();
    }

    [Fact]
    public void Without_configuration_every_station_is_UTC_Monday_to_Saturday()
    {
        var calendar = Build([]).For("ANY1");

        Assert.Equal(TimeZoneInfo.Utc.BaseUtcOffset, calendar.TimeZone.BaseUtcOffset);
        Assert.Equal(new DateOnly(2025, 6, 14), calendar.NextWorkingDay(new DateOnly(2025, 6, 13)));
        Assert.Equal(new DateOnly(2025, 6, 16), calendar.NextWorkingDay(new DateOnly(2025, 6, 14)));
    }

    [Fact]
    public void Default_section_sets_time_zone_working_days_and_holidays_for_unknown_stations()
    {
        var directory = Build(new()
        {
            ["Stations:Default:TimeZone"] = "Europe/London",
            ["Stations:Default:WorkingDays:0"] = "Monday",
            ["Stations:Default:WorkingDays:1"] = "Tuesday",
            ["Stations:Default:WorkingDays:2"] = "Wednesday",
            ["Stations:Default:WorkingDays:3"] = "Thursday",
            ["Stations:Default:WorkingDays:4"] = "Friday",
            ["Stations:Default:Holidays:0"] = "2025-12-25",
            ["Stations:Default:Holidays:1"] = "2025-12-26",
        });

        var calendar = directory.For("LHR9");

        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), calendar.TimeZone);
        // Configured working days replace the defaults rather than adding to them: Saturday is off.
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 6, 14)));
        Assert.Equal(new DateOnly(2025, 12, 29), calendar.NextWorkingDay(new DateOnly(2025, 12, 24)));
    }

    [Fact]
    public void Station_section_overrides_only_what_it_sets_and_inherits_the_rest_from_default()
    {
        var directory = Build(new()
        {
            ["Stations:Default:TimeZone"] = "Europe/London",
            ["Stations:Default:Holidays:0"] = "2025-12-25",
            ["Stations:BLR1:TimeZone"] = "Asia/Kolkata",
            ["Stations:BLR1:WorkingDays"] = "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday",
        });

        var bangalore = directory.For("BLR1");

        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), bangalore.TimeZone);
        Assert.True(bangalore.IsWorkingDay(new DateOnly(2025, 6, 15)));
        Assert.False(bangalore.IsWorkingDay(new DateOnly(2025, 12, 25)));
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), directory.For("LHR1").TimeZone);
    }

    [Fact]
    public void Weekday_that_is_not_a_name_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => Build(new()
        {
            ["Stations:Default:WorkingDays:0"] = "Funday",
        }));

        Assert.Contains("Funday", error.Message);
    }

    [Fact]
    public void Holiday_that_is_not_yyyy_MM_dd_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => Build(new()
        {
            ["Stations:JFK1:Holidays:0"] = "12/25/2025",
        }));

        Assert.Contains("12/25/2025", error.Message);
    }
}
