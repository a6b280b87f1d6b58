namespace OtpGrains.Domain.Codes;

/// <summary>An HMAC of a secret value under a named key of the ring.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.KeyedDigest")]
public sealed record KeyedDigest(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Hash);
