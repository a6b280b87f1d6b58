using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpGrains.Domain.Codes;

namespace OtpGrains.Grains.Hosting;

/// <summary>
/// The <c>Otp</c> section. <c>Otp:Keys:Current</c> names the key new codes use; every other child of
/// <c>Otp:Keys</c> is a key id with a base64 secret (at least 32 bytes). Outside Development a
/// process without keys refuses to start.
/// </summary>
public sealed class OtpKeyOptions
{
    public const string Section = "Otp";
    private const string CurrentKey = "Current";

    /// <summary>Not a secret: it only exists so that a development machine runs with no configuration.</summary>
    private const string DevelopmentSecret = "b3RwZ3JhaW5zLWRldmVsb3BtZW50LWtleS1ub3Qtc2VjcmV0LTAwMDE=";

    /// <summary><c>Current</c> and the key ids, each with its base64 secret.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Binds the section, checks it at start and registers the <see cref="CodeVault"/> built from it.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddOtpOptions<OtpKeyOptions>(configuration, Section)
            .Validate(s => isDevelopment || s.Secrets().Any(),
                "Otp:Keys is required outside Development: set Otp:Keys:Current and Otp:Keys:<id> to a base64 secret of at least 32 bytes (openssl rand -base64 32).")
            .Validate(s => s.Secrets().All(k => Decode(k.Value) is { Length: >= 32 }),
                "Every Otp:Keys:<id> must be a base64 secret of at least 32 bytes (openssl rand -base64 32).")
            .Validate(s => !s.Secrets().Any() || s.CurrentId() is { } current && s.Keys.ContainsKey(current),
                "Otp:Keys:Current must name one of the keys in Otp:Keys (needed when there is more than one).");
        services.AddSingleton(sp => new CodeVault(sp.GetRequiredService<IOptions<OtpKeyOptions>>().Value.Ring()));
    }

    /// <summary>The key ring; the development key when none is configured (validation has refused that outside Development).</summary>
    public OtpKeyRing Ring()
    {
        var secrets = Secrets().ToDictionary(k => k.Key, k => Decode(k.Value)!, StringComparer.Ordinal);
        return secrets.Count == 0
            ? new OtpKeyRing(new Dictionary<string, byte[]> { ["dev"] = Convert.FromBase64String(DevelopmentSecret) }, "dev")
            : new OtpKeyRing(secrets, CurrentId()!);
    }

    private IEnumerable<KeyValuePair<string, string>> Secrets() =>
        Keys.Where(k => k.Key != CurrentKey && !string.IsNullOrEmpty(k.Value));

    private string? CurrentId() =>
        Keys.TryGetValue(CurrentKey, out var current) && current.Length > 0 ? current
        : Secrets().Count() == 1 ? Secrets().Single().Key
        : null;

    private static byte[]? Decode(string value)
    {
        try { return Convert.FromBase64String(value); }
        catch (FormatException) { return null; }
    }
}
