using OtpGrains.Domain.Codes;
using OtpGrains.Tests.Support;
using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class CodeVaultTests
{
    private static readonly DateTimeOffset Now = TestClock.Noon;

    private static OtpKeyRing Ring(string current, params (string Id, byte[] Key)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Key), current);

    [Fact]
    public void Codes_are_six_digits_and_vary()
    {
        var vault = new CodeVault(RingV1());

        var codes = Enumerable.Range(0, 50).Select(_ => vault.Issue("P-1", 1, Now).Code).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        Assert.True(codes.Distinct().Count() > 40, "Fifty draws from a million codes should rarely repeat.");
    }

    [Fact]
    public void Issued_code_verifies_and_reveals_and_a_different_entry_does_not_verify()
    {
        var vault = new CodeVault(RingV1());
        var (issued, code) = vault.Issue("P-1", 1, Now);
        var other = code == "999999" ? "000000" : "999999";

        Assert.True(vault.Verify(issued, "P-1", code));
        Assert.False(vault.Verify(issued, "P-1", other));
        Assert.False(vault.Verify(issued, "P-1", ""));
        Assert.Equal(code, vault.Reveal(issued, "P-1"));
    }

    [Fact]
    public void Code_issued_for_one_package_does_not_verify_on_another()
    {
        var vault = new CodeVault(RingV1());
        var (issued, code) = vault.Issue("P-A", 1, Now);

        Assert.False(vault.Verify(issued, "P-B", code));
    }

    [Fact]
    public void Code_is_bound_to_its_generation()
    {
        var vault = new CodeVault(RingV1());
        var (issued, code) = vault.Issue("P-1", 1, Now);

        Assert.False(vault.Verify(issued with { Generation = 2 }, "P-1", code));
    }

    [Fact]
    public void Sealed_code_cannot_be_revealed_for_another_package()
    {
        var vault = new CodeVault(RingV1());
        var (issued, _) = vault.Issue("P-A", 1, Now);

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => vault.Reveal(issued, "P-B"));
    }

    [Fact]
    public void Code_issued_under_v1_still_verifies_after_v2_becomes_current()
    {
        var (issued, code) = new CodeVault(RingV1()).Issue("P-1", 1, Now);
        var rotated = new CodeVault(Ring("v2", ("v1", KeyV1), ("v2", KeyV2)));

        Assert.True(rotated.Verify(issued, "P-1", code));
        Assert.Equal(code, rotated.Reveal(issued, "P-1"));
        Assert.Equal("v2", rotated.Issue("P-1", 2, Now).Issued.KeyId);
    }

    [Fact]
    public void Code_issued_under_a_key_removed_from_the_ring_cannot_be_checked()
    {
        var (issued, code) = new CodeVault(RingV1()).Issue("P-1", 1, Now);
        var withoutV1 = new CodeVault(Ring("v2", ("v2", KeyV2)));

        Assert.Throws<KeyNotFoundException>(() => withoutV1.Verify(issued, "P-1", code));
        Assert.Throws<KeyNotFoundException>(() => withoutV1.Reveal(issued, "P-1"));
    }

    [Fact]
    public void Same_key_id_with_another_secret_does_not_verify()
    {
        var (issued, code) = new CodeVault(RingV1()).Issue("P-1", 1, Now);
        var impostor = new CodeVault(Ring("v1", ("v1", KeyV2)));

        Assert.False(impostor.Verify(issued, "P-1", code));
    }

    [Fact]
    public void Sealed_text_opens_only_for_its_own_package_purpose_and_key_ring()
    {
        var vault = new CodeVault(RingV1());
        var sealedText = vault.Seal("customer-email", "P-A", "ada@example.com");

        Assert.Equal("v1", sealedText.KeyId);
        Assert.True(sealedText.Bytes.AsSpan().IndexOf("ada@example.com"u8) < 0);
        Assert.Equal("ada@example.com", vault.Open(sealedText, "customer-email", "P-A"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => vault.Open(sealedText, "customer-email", "P-B"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => vault.Open(sealedText, "other", "P-A"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new CodeVault(Ring("v1", ("v1", KeyV2))).Open(sealedText, "customer-email", "P-A"));
        Assert.Throws<KeyNotFoundException>(() => new CodeVault(Ring("v2", ("v2", KeyV2))).Open(sealedText, "customer-email", "P-A"));
    }

    [Fact]
    public void Text_is_sealed_under_a_key_of_its_own_not_the_code_key()
    {
        var vault = new CodeVault(RingV1());
        var (issued, code) = vault.Issue("P-1", 1, Now);
        // The same bytes, associated data and key id: only the key differs between a code's seal and a text's.
        var asText = new SealedText(issued.KeyId, issued.Sealed);

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => vault.Open(asText, "P-1", "1"));
        Assert.Equal(code, vault.Reveal(issued, "P-1"));
    }

    [Fact]
    public void Text_sealed_under_v1_still_opens_after_v2_becomes_current()
    {
        var sealedText = new CodeVault(RingV1()).Seal("customer-email", "P-1", "ada@example.com");
        var rotated = new CodeVault(Ring("v2", ("v1", KeyV1), ("v2", KeyV2)));

        Assert.Equal("ada@example.com", rotated.Open(sealedText, "customer-email", "P-1"));
        Assert.Equal("v2", rotated.Seal("customer-email", "P-1", "ada@example.com").KeyId);
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Ring("v1", ("v1", new byte[31])));
    }

    [Fact]
    public void Ring_must_contain_its_current_key_and_at_least_one_key()
    {
        Assert.Throws<ArgumentException>(() => Ring("v2", ("v1", KeyV1)));
        Assert.Throws<ArgumentException>(() => new OtpKeyRing(new Dictionary<string, byte[]>(), "v1"));
    }
}
