namespace OtpGrains.Contracts;

/// <summary>How composite grain keys are spelled, in one place.</summary>
public static class GrainKeys
{
    public static string Route(string stationId, string routeId) => $"{stationId}/{routeId}";

    /// <summary>The station and route a <see cref="Route"/> key names (a route id may itself hold '/').</summary>
    public static (string StationId, string RouteId) ParseRoute(string key) =>
        key.IndexOf('/') is var slash and > 0 ? (key[..slash], key[(slash + 1)..]) : throw new FormatException("A route key is station/route.");

    public static string StationDay(string stationId, DateOnly date) => $"{stationId}/{Day(date)}";

    public static string Day(DateOnly date) => IsoDate.Format(date);
}
