namespace OtpGrains.Domain.Packages;

/// <summary>The shipper's registration of a package. <see cref="Shipper"/> (the caller's id) is not part of <see cref="Canonical"/>: it is checked, not compared.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.RegisterPackage")]
public sealed record RegisterPackage(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string CustomerEmail,
    [property: Id(2)] string CustomerPhone,
    [property: Id(3)] Money DeclaredValue,
    [property: Id(4)] string Category,
    [property: Id(5)] string StationId,
    [property: Id(6)] bool RequireOtp,
    [property: Id(7)] string? RequestId = null,
    [property: Id(8)] string? Shipper = null)
{
    /// <summary>Everything that makes two registrations the same, in one string to hash.</summary>
    public string Canonical =>
        string.Join('\n', CustomerId, CustomerEmail.ToLowerInvariant(), PhoneDigits, DeclaredValue.AmountMinor, DeclaredValue.Currency.ToUpperInvariant(), Category.ToLowerInvariant(), StationId, RequireOtp);

    /// <summary>Without the e-mail address and phone number, which must never reach a log line.</summary>
    public override string ToString() =>
        $"RegisterPackage {{ CustomerId = {CustomerId}, DeclaredValue = {DeclaredValue}, Category = {Category}, StationId = {StationId}, RequireOtp = {RequireOtp} }}";

    public string PhoneDigits => new(CustomerPhone.Where(char.IsAsciiDigit).ToArray());
}

/// <summary>A station putting a package on a driver's route for a date.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StopAssignment")]
public sealed record StopAssignment(
    [property: Id(0)] string StationId,
    [property: Id(1)] string RouteId,
    [property: Id(2)] string DriverId,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] TimeOnly BlockStart,
    [property: Id(5)] TimeOnly BlockEnd);

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

[GenerateSerializer, Alias("otpgrains.DriverCommandKind")]
public enum DriverCommandKind
{
    Code,
    Fallback,
    Delivered,
    Undeliverable,
}

/// <summary>How the package was completed; the recipient may differ from the addressee.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Handover")]
public sealed record Handover(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string DriverId,
    [property: Id(2)] string? ReceivedBy,
    [property: Id(3)] HandoverMethod Method,
    [property: Id(4)] bool LeftAtDoor)
{
    /// <summary>Without the recipient's name, which must not reach a log line (states are logged at Trace).</summary>
    public override string ToString() => $"Handover {{ At = {At:O}, DriverId = {DriverId}, Method = {Method}, LeftAtDoor = {LeftAtDoor} }}";
}

[GenerateSerializer, Alias("otpgrains.HandoverMethod")]
public enum HandoverMethod
{
    Code,
    Fallback,
    /// <summary>A package without a code, completed with the plain delivered call.</summary>
    NoOtp,
}
