namespace OtpGrains.Gateway.Apis;

/// <summary>A built route and its stops, with warnings for OTP stops outside customer-friendly hours.</summary>
public sealed record RouteResponse(string RouteId, string DriverId, string Date, string BlockStart, string BlockEnd, IReadOnlyList<RouteStopResponse> Stops)
{
    public static RouteResponse From(RouteState route) => new(
        route.RouteId, route.DriverId, Input.Format(route.Date), Input.Format(route.BlockStart), Input.Format(route.BlockEnd),
        route.Stops.Select(s => new RouteStopResponse(s.TrackingId, s.OtpRequired, s.Warnings)).ToList());
}
