namespace OtpGrains.Domain.Packages;

/// <summary>
/// A driver's command at the door. <see cref="Secret"/> is the code or the phone digits; it is
/// never stored, logged or echoed. Id 7 was a note nothing read; it stays retired.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DriverCommand")]
public sealed record DriverCommand(
    [property: Id(0)] DriverCommandKind Kind,
    [property: Id(1)] string DriverId,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] string? Secret = null,
    [property: Id(4)] string? RecipientName = null,
    [property: Id(5)] bool LeftAtDoor = false,
    [property: Id(6)] UndeliverableReason? Reason = null)
{
    public override string ToString() => $"{Kind} by {DriverId} (key {IdempotencyKey})";
}
