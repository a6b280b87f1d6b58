using System.Security.Cryptography;
using System.Text;

namespace OtpGrains.Domain.Codes;

/// <summary>
/// Issues, checks and reveals six-digit codes, keeps other secrets (phone digits, registration
/// fingerprints) only as keyed hashes, and seals the one other secret that must be read again (the
/// customer's e-mail address). Every hash and seal is bound to the package (a code's also to its
/// generation), so a stored row cannot be replayed onto another package or an older code.
/// </summary>
public sealed class CodeVault(OtpKeyRing ring)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Draws a fresh code from the CSPRNG and stores it hashed and sealed.</summary>
    public (IssuedCode Issued, string Code) Issue(string trackingId, int generation, DateTimeOffset now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var keyId = ring.CurrentId;
        var hash = CodeHash(keyId, trackingId, generation, code);
        var issued = new IssuedCode(generation, keyId, hash, Seal(keyId, trackingId, generation, code), now);
        return (issued, code);
    }

    /// <summary>Constant-time check of an entry against the stored hash.</summary>
    public bool Verify(IssuedCode issued, string trackingId, string candidate) =>
        CryptographicOperations.FixedTimeEquals(CodeHash(issued.KeyId, trackingId, issued.Generation, candidate), issued.Hash);

    /// <summary>The plain code, for the customer's tracking page and the email body only.</summary>
    public string Reveal(IssuedCode issued, string trackingId) =>
        Encoding.ASCII.GetString(Open(ring.SealKey(issued.KeyId), issued.Sealed, Context(trackingId, issued.Generation)));

    /// <summary>
    /// Seals <paramref name="text"/> under the current key, bound to <paramref name="purpose"/> and the
    /// package, for a secret that must be read again later (the customer's e-mail address).
    /// </summary>
    public SealedText Seal(string purpose, string trackingId, string text)
    {
        var keyId = ring.CurrentId;
        return new SealedText(keyId, Seal(ring.TextSealKey(keyId), Encoding.UTF8.GetBytes(text), TextContext(purpose, trackingId)));
    }

    /// <summary>The text <see cref="Seal(string, string, string)"/> sealed; throws when it was sealed for another purpose or package, or altered.</summary>
    public string Open(SealedText text, string purpose, string trackingId) =>
        Encoding.UTF8.GetString(Open(ring.TextSealKey(text.KeyId), text.Bytes, TextContext(purpose, trackingId)));

    public KeyedDigest Digest(string purpose, string trackingId, string value)
    {
        var keyId = ring.CurrentId;
        return new KeyedDigest(keyId, Mac(keyId, $"{purpose}\n{trackingId}\n{value}"));
    }

    public bool Matches(KeyedDigest digest, string purpose, string trackingId, string value) =>
        CryptographicOperations.FixedTimeEquals(Mac(digest.KeyId, $"{purpose}\n{trackingId}\n{value}"), digest.Hash);

    private byte[] CodeHash(string keyId, string trackingId, int generation, string code) =>
        Mac(keyId, $"code\n{trackingId}\n{generation}\n{code}");

    private byte[] Mac(string keyId, string message) =>
        HMACSHA256.HashData(ring.HashKey(keyId), Encoding.UTF8.GetBytes(message));

    private byte[] Seal(string keyId, string trackingId, int generation, string code) =>
        Seal(ring.SealKey(keyId), Encoding.ASCII.GetBytes(code), Context(trackingId, generation));

    // AES-GCM with a random nonce; the output is nonce, ciphertext and tag in one array.
    private static byte[] Seal(byte[] key, byte[] plain, byte[] associatedData)
    {
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), associatedData);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedBytes, byte[] associatedData)
    {
        if (sealedBytes.Length < NonceSize + TagSize) throw new AuthenticationTagMismatchException("The sealed value is too short.");
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        var tag = sealedBytes.AsSpan(sealedBytes.Length - TagSize);
        var cipher = sealedBytes.AsSpan(NonceSize, sealedBytes.Length - NonceSize - TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, cipher, tag, plain, associatedData);
        return plain;
    }

    private static byte[] Context(string trackingId, int generation) => Encoding.UTF8.GetBytes($"{trackingId}\n{generation}");

    private static byte[] TextContext(string purpose, string trackingId) => Encoding.UTF8.GetBytes($"{purpose}\n{trackingId}");
}
