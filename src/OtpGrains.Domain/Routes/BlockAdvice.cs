namespace OtpGrains.Domain.Routes;

/// <summary>
/// Warnings for OTP stops in blocks that reach outside customer-friendly hours, where nobody may be
/// awake to read out a code. The advice favours the end of an early block or the start of a late one.
/// </summary>
public static class BlockAdvice
{
    public const string EarlyBlock = "early-block";
    public const string LateBlock = "late-block";

    public static ImmutableList<string> For(bool otpRequired, TimeOnly blockStart, TimeOnly blockEnd, DeliveryPolicy policy)
    {
        if (!otpRequired) return [];
        var warnings = ImmutableList.CreateBuilder<string>();
        if (blockStart < policy.CustomerFriendlyStart)
            warnings.Add($"{EarlyBlock}: the block starts before {policy.CustomerFriendlyStart:HH\\:mm}; deliver this OTP stop at the end of the block, or remove it before the route starts.");
        if (blockEnd > policy.CustomerFriendlyEnd)
            warnings.Add($"{LateBlock}: the block ends after {policy.CustomerFriendlyEnd:HH\\:mm}; deliver this OTP stop at the start of the block, or remove it before the route starts.");
        return warnings.ToImmutable();
    }
}
