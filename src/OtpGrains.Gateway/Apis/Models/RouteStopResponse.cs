namespace OtpGrains.Gateway.Apis;

public sealed record RouteStopResponse(string TrackingId, bool OtpRequired, IReadOnlyList<string> Warnings);
