using OtpGrains.Domain.Codes;

namespace OtpGrains.Domain.Packages;

/// <summary>
/// What the shipper registered. The phone is kept only as a keyed hash of its last two digits.
/// <see cref="Shipper"/> owns the package; it is null for packages registered before ownership was
/// recorded (see <c>DeliveryPolicy.LegacyPackageOwner</c>).
/// </summary>
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
    [property: Id(8)] DateTimeOffset RegisteredAt,
    [property: Id(9)] string? Shipper = null)
{
    /// <summary>
    /// Orleans' storage providers log the state they write at Trace; the compiler's ToString would put
    /// the customer's e-mail address in that line, so it is left out here.
    /// </summary>
    public override string ToString() =>
        $"Registration {{ CustomerId = {CustomerId}, DeclaredValue = {DeclaredValue}, Category = {Category}, StationId = {StationId}, RequireOtp = {RequireOtp}, RegisteredAt = {RegisteredAt:O}, Shipper = {Shipper} }}";
}
