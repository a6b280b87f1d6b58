namespace OtpGrains.Gateway.Apis;

/// <summary>The last two digits of the customer's phone, and who took the package.</summary>
public sealed record FallbackRequest(string PhoneLastTwo, string? RecipientName = null)
{
    /// <summary>The digits are a secret like the code.</summary>
    public override string ToString() => "FallbackRequest { PhoneLastTwo = ** }";
}
