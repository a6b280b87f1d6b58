using System.Collections.Concurrent;

namespace OtpGrains.Domain.Stations;

/// <summary>
/// The calendars of every station. A station without its own settings uses the defaults, so a new
/// station works before anyone configures it.
/// </summary>
public sealed class StationDirectory
{
    private readonly StationOptions defaults;
    private readonly Dictionary<string, StationOptions> stations;

    // Station ids match case-insensitively, as the configuration keys they come from do.
    private readonly ConcurrentDictionary<string, StationCalendar> calendars = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the directory from the default settings and the per-station settings.</summary>
    /// <exception cref="ArgumentException">A configured time zone is unknown.</exception>
    public StationDirectory(StationOptions defaults, IReadOnlyDictionary<string, StationOptions> stations)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(stations);

        this.defaults = defaults;
        this.stations = new Dictionary<string, StationOptions>(stations, StringComparer.OrdinalIgnoreCase);

        // Build every configured calendar now so that a misconfigured time zone stops the process
        // at start-up rather than the first redelivery run.
        _ = new StationCalendar("Default", defaults);
        foreach (var (stationId, settings) in this.stations)
        {
            calendars[stationId] = new StationCalendar(stationId, settings);
        }
    }

    /// <summary>The calendar of <paramref name="stationId"/>, or one built from the defaults for an unknown station.</summary>
    public StationCalendar For(string stationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stationId);
        return calendars.GetOrAdd(
            stationId,
            static (id, directory) => new StationCalendar(
                id,
                directory.stations.GetValueOrDefault(id) ?? directory.defaults),
            this);
    }
}
