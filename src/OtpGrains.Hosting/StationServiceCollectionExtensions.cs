using OtpGrains.Domain;
using OtpGrains.Domain.Stations;

namespace OtpGrains.Hosting;

/// <summary>Registers the station calendars.</summary>
public static class StationServiceCollectionExtensions
{
    private const string SectionName = "Stations";
    private const string DefaultStation = "Default";

    /// <summary>
    /// Reads <c>Stations:Default</c> and every <c>Stations:{stationId}</c> into a singleton
    /// <see cref="StationDirectory"/>. A station section overrides only the keys it sets and takes
    /// the rest from <c>Stations:Default</c>. Lists may be indexed children
    /// (<c>Stations__Default__Holidays__0=2025-12-25</c>) or one comma-separated value.
    /// </summary>
    /// <exception cref="FormatException">A weekday or date in the section cannot be read.</exception>
    public static IServiceCollection AddOtpStations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddKnownSettings(SectionName, "*:TimeZone", "*:WorkingDays", "*:WorkingDays:*", "*:Holidays", "*:Holidays:*");
        // Read now, so a bad calendar stops the process at start rather than the first grain that asks.
        services.AddSingleton(ReadDirectory(configuration.GetSection(SectionName)));
        return services;
    }

    private static StationDirectory ReadDirectory(IConfigurationSection stations)
    {
        var defaults = ReadSettings(stations.GetSection(DefaultStation), new StationOptions());
        var configured = stations.GetChildren()
            .Where(section => !string.Equals(section.Key, DefaultStation, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(section => section.Key, section => ReadSettings(section, defaults), StringComparer.OrdinalIgnoreCase);
        return new StationDirectory(defaults, configured);
    }

    private static StationOptions ReadSettings(IConfigurationSection section, StationOptions inherited)
    {
        // Bound by hand: the configuration binder appends configured list items to a property's
        // default list, which would turn "WorkingDays: Monday..Friday" into Monday..Saturday plus those.
        var settings = inherited;

        var timeZone = section["TimeZone"];
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            settings = settings with { TimeZone = timeZone.Trim() };
        }

        var workingDays = ReadList(section.GetSection("WorkingDays"));
        if (workingDays is not null)
        {
            settings = settings with { WorkingDays = workingDays.Select(value => ParseDay(section.Path, value)).Distinct().ToArray() };
        }

        var holidays = ReadList(section.GetSection("Holidays"));
        if (holidays is not null)
        {
            settings = settings with { Holidays = holidays.Select(value => ParseDate(section.Path, value)).Distinct().ToArray() };
        }

        return settings;
    }

    private static IReadOnlyList<string>? ReadList(IConfigurationSection section)
    {
        if (section.Value is { } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var items = section.GetChildren()
            .Select(child => child.Value)
            .OfType<string>()
            .Select(value => value.Trim())
            .Where(value => value.Length > 0)
            .ToArray();
        return items.Length == 0 ? null : items;
    }

    private static DayOfWeek ParseDay(string path, string value) =>
        Enum.TryParse<DayOfWeek>(value, ignoreCase: true, out var day) && Enum.IsDefined(day) && !int.TryParse(value, out _)
            ? day
            : throw new FormatException($"{path}:WorkingDays has '{value}', which is not a weekday name such as 'Monday'.");

    private static DateOnly ParseDate(string path, string value) =>
        IsoDate.TryParse(value, out var date)
            ? date
            : throw new FormatException($"{path}:Holidays has '{value}', which is not a date in yyyy-MM-dd form.");
}
