using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>The gateway as production runs it: its own signing key and OTP keys, no /dev/tokens, low per-caller limits.</summary>
public sealed class ProductionGateway() : GatewayHost("Production", Defaults(new()
{
    ["Auth:SigningKey"] = Convert.ToBase64String(SigningKey),
    ["Otp:Keys:Current"] = "k1",
    ["Otp:Keys:k1"] = Convert.ToBase64String(Tokens.RandomKey()),
    ["RateLimits:DriverAttemptsPerMinute"] = "3",
    // Emails go to the test's recorder; Pickup outside Development must be allowed explicitly.
    ["Email:AllowPickupOutsideDevelopment"] = "true",
    ["RateLimits:CustomerResendsPerMinute"] = "2",
    ["RateLimits:AnonymousPerMinute"] = "1000",
}))
{
    public static readonly byte[] SigningKey = Tokens.RandomKey();

    public Api Api => field ??= new Api(CreateClient());

    public static string Token(string role, string subject) => Tokens.Sign(SigningKey, role, subject);
}
