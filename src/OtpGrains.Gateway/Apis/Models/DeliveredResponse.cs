namespace OtpGrains.Gateway.Apis;

public sealed record DeliveredResponse(string TrackingId, PackageStatus Status);
