namespace OtpGrains.Gateway.Auth;

/// <summary>The <c>role</c> claim values of the contract; each is also the name of the policy that requires it.</summary>
public static class Roles
{
    public const string Shipper = "shipper";
    public const string Customer = "customer";
    public const string Driver = "driver";
    public const string Station = "station";
    public const string Support = "support";

    /// <summary>Support, or a driver (who may only see themselves; the handler checks that).</summary>
    public const string SupportOrDriver = "support-or-driver";

    public static readonly ImmutableArray<string> All = [Shipper, Customer, Driver, Station, Support];
}
