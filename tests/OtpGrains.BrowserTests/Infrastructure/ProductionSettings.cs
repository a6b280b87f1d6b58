using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>A gateway outside Development: its own keys, no <c>/dev/tokens</c>; tokens signed here.</summary>
public static class ProductionSettings
{
    public static Dictionary<string, string?> WithSigningKey(byte[] key) => new()
    {
        ["Auth:SigningKey"] = Convert.ToBase64String(key),
        ["Otp:Keys:Current"] = "k1",
        ["Otp:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        // Outside Development, Pickup email (the tests' default) must be allowed explicitly.
        ["Email:AllowPickupOutsideDevelopment"] = "true",
    };

    public static Dictionary<string, string?> WithAuthority(string authority, string? clientId)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Authority"] = authority,
            ["Auth:Audience"] = "otpgrains",
            ["Pages:Scope"] = "otpgrains-api",
            ["Otp:Keys:Current"] = "k1",
            ["Otp:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Email:AllowPickupOutsideDevelopment"] = "true",
        };
        if (clientId is not null) settings["Pages:ClientId"] = clientId;
        return settings;
    }

    public static string Token(byte[] key, string role, string subject)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "otpgrains",
            Audience = "otpgrains",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
