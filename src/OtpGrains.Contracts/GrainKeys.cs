using System.Globalization;

namespace OtpGrains.Contracts;

/// <summary>How composite grain keys are spelled, in one place.</summary>
public static class GrainKeys
{
    public static string Route(string stationId, string routeId) => $"{stationId}/{routeId}";

    public static string StationDay(string stationId, DateOnly date) => $"{stationId}/{Day(date)}";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
