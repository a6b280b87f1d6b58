using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Gateway.Auth;

/// <summary>
/// Where tokens come from (the <c>Auth</c> section): an OpenID Connect issuer
/// (<c>Auth:Authority</c> + <c>Auth:Audience</c>), or a base64 symmetric <c>Auth:SigningKey</c> with
/// <c>Auth:Issuer</c> and <c>Auth:Audience</c> (both default <c>otpgrains</c>). Only in Development
/// does a built-in key stand in when nothing is configured.
/// </summary>
public sealed record TokenOptions(string? Authority, string Issuer, string Audience, SymmetricSecurityKey? SigningKey)
{
    public const string Section = "Auth";
    public const string DefaultName = "otpgrains";
    public static readonly TimeSpan DevelopmentTokenLifetime = TimeSpan.FromHours(12);

    /// <summary>Not a secret: it only lets a development machine run with no configuration.</summary>
    private const string DevelopmentKey = "b3RwZ3JhaW5zLWRldmVsb3BtZW50LXRva2VuLWtleS1ub3Qtc2VjcmV0LTAwMQ==";

    public static TokenOptions Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(Section);
        var issuer = auth["Issuer"] is { Length: > 0 } i ? i : DefaultName;
        if (auth["Authority"] is { Length: > 0 } authority)
        {
            var audience = auth["Audience"] is { Length: > 0 } a ? a : throw new InvalidOperationException("Auth:Audience is required with Auth:Authority.");
            return new TokenOptions(authority, issuer, audience, null);
        }

        var keyText = auth["SigningKey"];
        if (string.IsNullOrEmpty(keyText))
        {
            if (!environment.IsDevelopment())
                throw new InvalidOperationException(
                    "Authentication is not configured: set Auth:Authority and Auth:Audience (an OpenID Connect issuer), or Auth:SigningKey " +
                    "(a base64 key of at least 32 bytes). The built-in development key is used only in the Development environment.");
            keyText = DevelopmentKey;
        }

        byte[] key;
        try { key = Convert.FromBase64String(keyText); }
        catch (FormatException) { throw new InvalidOperationException("Auth:SigningKey is not base64."); }
        if (key.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (256 bits).");
        return new TokenOptions(null, issuer, auth["Audience"] is { Length: > 0 } aud ? aud : DefaultName, new SymmetricSecurityKey(key));
    }
}
