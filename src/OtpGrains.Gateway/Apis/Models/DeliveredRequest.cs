namespace OtpGrains.Gateway.Apis;

/// <summary>A package without a code handed over or left at the door.</summary>
public sealed record DeliveredRequest(string? RecipientName = null, bool? LeftAtDoor = null);
