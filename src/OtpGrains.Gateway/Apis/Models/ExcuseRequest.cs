namespace OtpGrains.Gateway.Apis;

/// <summary>Why support excuses the driver's last failed delivery day.</summary>
public sealed record ExcuseRequest(string Note);
