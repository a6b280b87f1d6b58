namespace OtpGrains.Domain.Packages;

/// <summary>How the package was completed; the recipient may differ from the addressee.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Handover")]
public sealed record Handover(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string DriverId,
    [property: Id(2)] string? ReceivedBy,
    [property: Id(3)] HandoverMethod Method,
    [property: Id(4)] bool LeftAtDoor)
{
    /// <summary>Without the recipient's name, so a state logged whole reveals nobody.</summary>
    public override string ToString() => $"Handover by {DriverId} at {At:O} ({Method}{(LeftAtDoor ? ", left at door" : "")})";
}
