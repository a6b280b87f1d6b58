namespace OtpGrains.Gateway.Apis;

/// <summary>A return scan; <c>onTime</c> is false after the return deadline.</summary>
public sealed record ReturnScanResponse(string TrackingId, PackageStatus Status, bool OnTime);
