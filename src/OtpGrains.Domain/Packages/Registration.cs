using OtpGrains.Domain.Codes;

namespace OtpGrains.Domain.Packages;

/// <summary>
/// What the shipper registered. The phone is kept only as a keyed hash of its last two digits and the
/// customer's e-mail address only sealed (<see cref="SealedEmail"/>), bound to the package; the
/// registration's <see cref="Fingerprint"/> is what a repeated registration is compared with.
/// <see cref="Shipper"/> owns the package; it is null for packages registered before ownership was
/// recorded (see <c>DeliveryPolicy.LegacyPackageOwner</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Registration")]
public sealed record Registration(
    [property: Id(0)] string CustomerId,
    [property: Id(10)] SealedText? SealedEmail,
    [property: Id(2)] KeyedDigest PhoneLastTwo,
    [property: Id(3)] Money DeclaredValue,
    [property: Id(4)] string Category,
    [property: Id(5)] string StationId,
    [property: Id(6)] bool RequireOtp,
    [property: Id(7)] KeyedDigest Fingerprint,
    [property: Id(8)] DateTimeOffset RegisteredAt,
    [property: Id(9)] string? Shipper = null)
{
    /// <summary>What the customer's e-mail address is sealed for, so it opens for nothing else.</summary>
    public const string EmailPurpose = "customer-email";

    /// <summary>
    /// The plain address of a row stored before addresses were sealed (then <see cref="SealedEmail"/> is
    /// null). The package seals it when it is activated (<see cref="ShippingRules.SealStoredEmail"/>), so
    /// its next write stores it sealed; nothing new is ever written here.
    /// </summary>
    [Id(1), JsonPropertyName("CustomerEmail")] public string? PlainEmail { get; init; }

    /// <summary>The customer's address, opened for the e-mail being sent and never kept.</summary>
    public string OpenEmail(CodeVault vault, string trackingId) =>
        SealedEmail is { } sealedEmail
            ? vault.Open(sealedEmail, EmailPurpose, trackingId)
            : PlainEmail ?? throw new InvalidOperationException("The registration holds no e-mail address.");

    /// <summary>
    /// Orleans' storage providers log the state they write at Trace; the compiler's ToString would put
    /// an old row's plain e-mail address in that line, so it is left out here.
    /// </summary>
    public override string ToString() =>
        $"Registration {{ CustomerId = {CustomerId}, DeclaredValue = {DeclaredValue}, Category = {Category}, StationId = {StationId}, RequireOtp = {RequireOtp}, RegisteredAt = {RegisteredAt:O}, Shipper = {Shipper} }}";
}
