namespace OtpGrains.Gateway.Apis;

/// <summary>Why the stop failed.</summary>
public sealed record UndeliverableRequest(UndeliverableReason Reason, string? Note = null);
