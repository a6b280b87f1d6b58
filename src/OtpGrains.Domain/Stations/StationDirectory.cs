using System.Collections.Concurrent;

namespace OtpGrains.Domain.Stations;

public sealed class StationDirectory(StationSettings defaults, IReadOnlyDictionary<string, StationSettings> stations)
{
    private readonly ConcurrentDictionary<string, StationCalendar> calendars = new();
    public StationCalendar For(string stationId) =>
        calendars.GetOrAdd(stationId, id => new StationCalendar(id, stations.TryGetValue(id, out var s) ? s : defaults));
}
