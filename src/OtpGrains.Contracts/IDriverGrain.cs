namespace OtpGrains.Contracts;

/// <summary>One driver, keyed by driver id: their routes and their reliability record.</summary>
[Alias("otpgrains.IDriverGrain")]
public interface IDriverGrain : IGrainWithStringKey
{
    /// <summary>Counts an event once, however often it is delivered.</summary>
    [Alias("Record")] Task Record(DriverEvent driverEvent);

    [Alias("GetReliability")] Task<ReliabilityReport> GetReliability();

    [Alias("AddRoute")] Task AddRoute(DriverRoute route);

    [Alias("RemoveRoute")] Task RemoveRoute(DriverRoute route);

    [Alias("GetRoutes")] Task<ImmutableList<DriverRoute>> GetRoutes(DateOnly date);
}
