namespace OtpGrains.Gateway.Apis;

/// <summary>Station staff's plan for one driver's block: date <c>yyyy-MM-dd</c>, times <c>HH:mm</c> station-local.</summary>
public sealed record BuildRouteRequest(string DriverId, string Date, string BlockStart, string BlockEnd, IReadOnlyList<string> TrackingIds);
