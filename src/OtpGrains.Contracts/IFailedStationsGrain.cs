namespace OtpGrains.Contracts;

/// <summary>The stations that had failed deliveries on one date, keyed <c>yyyy-MM-dd</c>.</summary>
// The wire alias keeps the interface's first name (see IFailedPackagesGrain).
[Alias("otpgrains.IFailureDayGrain")]
public interface IFailedStationsGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string stationId);

    [Alias("GetStations")] Task<ImmutableList<string>> GetStations();
}
