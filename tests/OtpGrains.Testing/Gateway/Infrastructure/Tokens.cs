using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>Tokens made in the test, for hosts without <c>/dev/tokens</c> and for forged or expired tokens.</summary>
public static class Tokens
{
    /// <summary>A signed token; a null <paramref name="subject"/> leaves the <c>sub</c> claim out.</summary>
    public static string Sign(byte[] key, string role, string? subject, string issuer = "otpgrains", string audience = "otpgrains",
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-2),
            NotBefore = expiry.AddHours(-2),
            Expires = expiry,
            Subject = new ClaimsIdentity(subject is null ? [new Claim("role", role)] : [new Claim("sub", subject), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The gateway's built-in Development signing key (not a secret).</summary>
    public static byte[] DevelopmentKey => Convert.FromBase64String("b3RwZ3JhaW5zLWRldmVsb3BtZW50LXRva2VuLWtleS1ub3Qtc2VjcmV0LTAwMQ==");

    public static byte[] RandomKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
}
