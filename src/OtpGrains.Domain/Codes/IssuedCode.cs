namespace OtpGrains.Domain.Codes;

/// <summary>
/// A code as it is stored: a keyed hash to check entries against and the code sealed (AES-GCM) for
/// the tracking page. Neither can be read or brute-forced without the server's key ring.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.IssuedCode")]
public sealed record IssuedCode(
    [property: Id(0)] int Generation,
    [property: Id(1)] string KeyId,
    [property: Id(2)] byte[] Hash,
    [property: Id(3)] byte[] Sealed,
    [property: Id(4)] DateTimeOffset IssuedAt);
