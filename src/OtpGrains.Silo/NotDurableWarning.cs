namespace OtpGrains.Silo;

/// <summary>Whether this silo keeps grain state only in memory, so the banner can say so loudly.</summary>
public sealed record NotDurableWarning(bool InMemory);
