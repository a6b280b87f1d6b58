using Microsoft.Extensions.Configuration;
using OtpGrains.Domain.Codes;

namespace OtpGrains.Grains.Hosting;

/// <summary>
/// Reads <c>Otp:Keys</c>: <c>Current</c> names the key new codes use, every other child is a key id
/// with a base64 secret (at least 32 bytes). Outside Development a missing ring stops the process.
/// </summary>
public static class OtpKeyRingConfiguration
{
    public const string Section = "Otp:Keys";

    /// <summary>Not a secret: it only exists so that a development machine runs with no configuration.</summary>
    private const string DevelopmentSecret = "b3RwZ3JhaW5zLWRldmVsb3BtZW50LWtleS1ub3Qtc2VjcmV0LTAwMDE=";

    public static OtpKeyRing Read(IConfiguration configuration, bool isDevelopment)
    {
        var section = configuration.GetSection(Section);
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren().Where(c => c.Key != "Current" && !string.IsNullOrEmpty(c.Value)))
        {
            try { secrets[child.Key] = Convert.FromBase64String(child.Value!); }
            catch (FormatException) { throw new InvalidOperationException($"{Section}:{child.Key} is not base64."); }
        }

        if (secrets.Count == 0)
        {
            if (!isDevelopment)
                throw new InvalidOperationException($"{Section} is required outside Development: set {Section}:Current and {Section}:<id> to a base64 secret of at least 32 bytes.");
            return new OtpKeyRing(new Dictionary<string, byte[]> { ["dev"] = Convert.FromBase64String(DevelopmentSecret) }, "dev");
        }

        var current = section["Current"] ?? (secrets.Count == 1 ? secrets.Keys.Single() : throw new InvalidOperationException($"{Section}:Current must name the key new codes use."));
        return new OtpKeyRing(secrets, current);
    }
}
