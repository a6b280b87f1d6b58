namespace OtpGrains.Gateway.Apis;

/// <summary>The shipper's registration of a package.</summary>
public sealed record RegisterPackageRequest(
    string CustomerId,
    string CustomerEmail,
    string CustomerPhone,
    DeclaredValue DeclaredValue,
    string Category,
    string StationId,
    bool? RequireOtp = null)
{
    /// <summary>Contact details stay out of anything that prints the request.</summary>
    public override string ToString() => $"Register for {CustomerId} at {StationId}";
}
