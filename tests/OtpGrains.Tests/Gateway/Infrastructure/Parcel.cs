namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>A package set up through the API, with everyone involved in it.</summary>
public sealed record Parcel(string TrackingId, string CustomerId, string StationId, string RouteId, string DriverId, string? Code)
{
    public string DriverPath(string command) => $"/v1/driver/packages/{TrackingId}/{command}";

    public string CustomerPath => $"/v1/customer/packages/{TrackingId}";

    public string SupportPath => $"/v1/support/packages/{TrackingId}";

    /// <summary>A code that is not this parcel's.</summary>
    public string WrongCode => Code == "000000" ? "111111" : "000000";
}
