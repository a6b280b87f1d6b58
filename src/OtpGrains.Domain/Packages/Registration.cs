using OtpGrains.Domain.Codes;

namespace OtpGrains.Domain.Packages;

/// <summary>What the shipper registered. The phone is kept only as a keyed hash of its last two digits.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Registration")]
public sealed record Registration(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string CustomerEmail,
    [property: Id(2)] KeyedDigest PhoneLastTwo,
    [property: Id(3)] Money DeclaredValue,
    [property: Id(4)] string Category,
    [property: Id(5)] string StationId,
    [property: Id(6)] bool RequireOtp,
    [property: Id(7)] KeyedDigest Fingerprint,
    [property: Id(8)] DateTimeOffset RegisteredAt)
{
    // Storage providers log whole states at Trace level; the e-mail address must not go with them.
    public override string ToString() => $"Registration of customer {CustomerId} at {StationId} ({Category}, {DeclaredValue.AmountMinor} {DeclaredValue.Currency})";
}
