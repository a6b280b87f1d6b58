namespace OtpGrains.Domain.Packages;

[GenerateSerializer, Alias("otpgrains.HandoverMethod")]
public enum HandoverMethod
{
    Code,
    Fallback,
    /// <summary>A package without a code, completed with the plain delivered call.</summary>
    NoOtp,
}
