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
