using System.Security.Cryptography;
using System.Text;

namespace OtpGrains.Domain.Codes;

/// <summary>
/// The versioned server secrets behind every code. New codes use <see cref="CurrentId"/>; older
/// keys stay in the ring so codes issued under them keep verifying until they are replaced.
/// Each secret is split with HKDF into a hashing key, a key that seals codes and a key that seals
/// other text (the customer's e-mail address), so no key ever serves two purposes.
/// </summary>
public sealed class OtpKeyRing
{
    private readonly Dictionary<string, DerivedKeys> keys = new(StringComparer.Ordinal);

    public OtpKeyRing(IReadOnlyDictionary<string, byte[]> secrets, string currentId)
    {
        if (secrets.Count == 0) throw new ArgumentException("The OTP key ring has no keys.", nameof(secrets));
        foreach (var (id, secret) in secrets)
        {
            if (secret.Length < 32) throw new ArgumentException($"OTP key '{id}' is shorter than 32 bytes.", nameof(secrets));
            keys[id] = new(Derive(secret, "otpgrains/hash"), Derive(secret, "otpgrains/seal"), Derive(secret, "otpgrains/seal-text"));
        }
        if (!keys.ContainsKey(currentId)) throw new ArgumentException($"The current OTP key '{currentId}' is not in the ring.", nameof(currentId));
        CurrentId = currentId;
    }

    public string CurrentId { get; }

    internal byte[] HashKey(string keyId) => Find(keyId).HashKey;

    internal byte[] SealKey(string keyId) => Find(keyId).SealKey;

    internal byte[] TextSealKey(string keyId) => Find(keyId).TextSealKey;

    private DerivedKeys Find(string keyId) =>
        keys.TryGetValue(keyId, out var pair)
            ? pair
            : throw new KeyNotFoundException($"OTP key '{keyId}' is no longer in the key ring.");

    private static byte[] Derive(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    private sealed record DerivedKeys(byte[] HashKey, byte[] SealKey, byte[] TextSealKey);
}
