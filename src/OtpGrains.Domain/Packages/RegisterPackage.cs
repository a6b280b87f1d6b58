namespace OtpGrains.Domain.Packages;

/// <summary>The shipper's registration of a package.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.RegisterPackage")]
public sealed record RegisterPackage(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string CustomerEmail,
    [property: Id(2)] string CustomerPhone,
    [property: Id(3)] Money DeclaredValue,
    [property: Id(4)] string Category,
    [property: Id(5)] string StationId,
    [property: Id(6)] bool RequireOtp)
{
    /// <summary>Everything that makes two registrations the same, in one string to hash.</summary>
    public string Canonical =>
        string.Join('\n', CustomerId, CustomerEmail.ToLowerInvariant(), PhoneDigits, DeclaredValue.AmountMinor, DeclaredValue.Currency.ToUpperInvariant(), Category.ToLowerInvariant(), StationId, RequireOtp);

    public string PhoneDigits => new(CustomerPhone.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Without the e-mail address and phone number, so the command can be logged.</summary>
    public override string ToString() => $"RegisterPackage for customer {CustomerId} at {StationId} ({Category}, {DeclaredValue.AmountMinor} {DeclaredValue.Currency})";
}
