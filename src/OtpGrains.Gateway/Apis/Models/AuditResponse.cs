namespace OtpGrains.Gateway.Apis;

public sealed record AuditResponse(DateTimeOffset At, string Actor, string Action, string Outcome, string? Method);
