namespace OtpGrains.Gateway.Auth;

/// <summary>The claims the gateway reads from a token, under their JWT names (no inbound mapping).</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";

    public static string SubjectOf(this System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(Subject)?.Value ?? throw new InvalidOperationException("An authorized caller always has a subject.");
}
