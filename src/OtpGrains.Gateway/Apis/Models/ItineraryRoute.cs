namespace OtpGrains.Gateway.Apis;

public sealed record ItineraryRoute(string StationId, string RouteId, string BlockStart, string BlockEnd, IReadOnlyList<ItineraryStop> Stops);
