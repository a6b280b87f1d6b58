using OtpGrains.Domain.Stations;

namespace OtpGrains.Tests.Stations;

public sealed class StationDirectoryTests
{
    private static readonly StationOptions Defaults = new() { TimeZone = "Europe/Berlin" };

    private static readonly StationDirectory Directory = new(
        Defaults,
        new Dictionary<string, StationOptions> { ["BLR1"] = new() { TimeZone = "Asia/Kolkata" } });

    [Fact]
    public void Unknown_station_uses_the_default_settings_under_its_own_id()
    {
        var calendar = Directory.For("MUC7");

        Assert.Equal("MUC7", calendar.StationId);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), calendar.TimeZone);
    }

    [Fact]
    public void Configured_station_uses_its_own_settings()
    {
        var calendar = Directory.For("BLR1");

        Assert.Equal("BLR1", calendar.StationId);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), calendar.TimeZone);
    }

    [Fact]
    public void Station_ids_match_regardless_of_case_as_configuration_keys_do()
    {
        Assert.Equal(Directory.For("BLR1").TimeZone, Directory.For("blr1").TimeZone);
    }

    [Fact]
    public void Calendars_are_built_once_per_station()
    {
        Assert.Same(Directory.For("BLR1"), Directory.For("BLR1"));
        Assert.Same(Directory.For("MUC7"), Directory.For("MUC7"));
    }

    [Fact]
    public void Unknown_time_zone_in_any_station_fails_when_the_directory_is_built()
    {
        Assert.Throws<ArgumentException>(() => new StationDirectory(
            Defaults,
            new Dictionary<string, StationOptions> { ["BAD1"] = new() { TimeZone = "Nowhere/Special" } }));
        Assert.Throws<ArgumentException>(() => new StationDirectory(
            new StationOptions { TimeZone = "Nowhere/Special" },
            new Dictionary<string, StationOptions>()));
    }
}
