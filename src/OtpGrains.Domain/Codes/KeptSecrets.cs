namespace OtpGrains.Domain.Codes;

// How a secret other than a code is stored: hashed when it only needs to be compared, sealed when it
// must be read again. Both name the key of the ring they were made under, so a rotation keeps them usable.

/// <summary>An HMAC of a secret value under a named key of the ring.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.KeyedDigest")]
public sealed record KeyedDigest(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Hash);

/// <summary>
/// Text sealed with AES-GCM (nonce, ciphertext, tag) under a named key of the ring, bound to what it
/// belongs to, so a copy pasted into another package's row does not open.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.SealedText")]
public sealed record SealedText(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Bytes);
