namespace OtpGrains.Gateway.Apis;

/// <summary>Optional body of a re-send: <c>fresh</c> asks for a new code instead of the current one.</summary>
public sealed record ResendCodeRequest(bool? Fresh = null);
