namespace OtpGrains.Contracts;

/// <summary>The stations that had failed deliveries on one date, keyed <c>yyyy-MM-dd</c>.</summary>
[Alias("otpgrains.IFailureDayGrain")]
public interface IFailureDayGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string stationId);

    [Alias("GetStations")] Task<ImmutableList<string>> GetStations();
}
