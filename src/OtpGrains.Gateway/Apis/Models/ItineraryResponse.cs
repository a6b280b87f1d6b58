namespace OtpGrains.Gateway.Apis;

/// <summary>A driver's routes for one date.</summary>
public sealed record ItineraryResponse(string Date, IReadOnlyList<ItineraryRoute> Routes);
