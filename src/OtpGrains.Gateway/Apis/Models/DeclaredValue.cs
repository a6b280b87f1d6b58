namespace OtpGrains.Gateway.Apis;

/// <summary>A declared value in the currency's minor unit.</summary>
public sealed record DeclaredValue(long AmountMinor, string Currency);
