namespace OtpGrains.Gateway.Apis;

public sealed record DevTokenResponse(string Token);
