using System.Security.Cryptography;
using System.Text;

namespace OtpGrains.Domain.Codes;

/// <summary>
/// Issues, checks and reveals six-digit codes, and keeps other secrets (phone digits, registration
/// fingerprints) only as keyed hashes. Every hash is bound to the package and the code's generation,
/// so a stored row cannot be replayed onto another package or an older code.
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
    public string Reveal(IssuedCode issued, string trackingId)
    {
        var nonce = issued.Sealed.AsSpan(0, NonceSize);
        var tag = issued.Sealed.AsSpan(issued.Sealed.Length - TagSize);
        var cipher = issued.Sealed.AsSpan(NonceSize, issued.Sealed.Length - NonceSize - TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(ring.SealKey(issued.KeyId), TagSize);
        aes.Decrypt(nonce, cipher, tag, plain, Context(trackingId, issued.Generation));
        return Encoding.ASCII.GetString(plain);
    }

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

    private byte[] Seal(string keyId, string trackingId, int generation, string code)
    {
        var output = new byte[NonceSize + code.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(ring.SealKey(keyId), TagSize);
        aes.Encrypt(nonce, Encoding.ASCII.GetBytes(code), output.AsSpan(NonceSize, code.Length), output.AsSpan(NonceSize + code.Length), Context(trackingId, generation));
        return output;
    }

    private static byte[] Context(string trackingId, int generation) => Encoding.UTF8.GetBytes($"{trackingId}\n{generation}");
}
