namespace OtpGrains.Gateway.Apis;

/// <summary>A failed stop; the package must be back at the station by <c>returnBy</c>.</summary>
public sealed record UndeliverableResponse(string TrackingId, PackageStatus Status, DateTimeOffset? ReturnBy);
