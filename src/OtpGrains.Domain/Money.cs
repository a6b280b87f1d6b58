namespace OtpGrains.Domain;

/// <summary>An amount in the currency's minor unit (cents, pence, paise).</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Money")]
public sealed record Money(
    [property: Id(0)] long AmountMinor,
    [property: Id(1)] string Currency);
