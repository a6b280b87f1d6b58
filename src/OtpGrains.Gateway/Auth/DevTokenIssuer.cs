using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Gateway.Auth;

/// <summary>Signs development tokens with the configured key. Registered only in Development.</summary>
public sealed class DevTokenIssuer(TokenOptions settings, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new();

    public string Issue(string role, string subject)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenOptions.DevelopmentTokenLifetime,
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, subject), new Claim(TokenClaims.Role, role)]),
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
