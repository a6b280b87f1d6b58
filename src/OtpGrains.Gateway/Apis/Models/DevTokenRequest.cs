namespace OtpGrains.Gateway.Apis;

/// <summary>A development token for <c>role</c> with <c>subject</c> as its <c>sub</c>.</summary>
public sealed record DevTokenRequest(string Role, string Subject);
