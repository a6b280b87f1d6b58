namespace OtpGrains.Domain.Packages;

/// <summary>A registration's answer: the package and whether this call created it.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Registered")]
public sealed record Registered(
    [property: Id(0)] PackageView Package,
    [property: Id(1)] bool Created);
