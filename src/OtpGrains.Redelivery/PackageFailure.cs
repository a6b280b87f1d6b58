namespace OtpGrains.Redelivery;

/// <summary>A package the run could not handle; the next run tries it again.</summary>
public sealed record PackageFailure(string StationId, DateOnly Date, string TrackingId, string Reason);
