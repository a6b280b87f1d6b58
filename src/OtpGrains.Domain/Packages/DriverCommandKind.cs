namespace OtpGrains.Domain.Packages;

[GenerateSerializer, Alias("otpgrains.DriverCommandKind")]
public enum DriverCommandKind
{
    Code,
    Fallback,
    Delivered,
    Undeliverable,
}
