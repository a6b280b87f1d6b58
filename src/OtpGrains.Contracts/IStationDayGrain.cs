namespace OtpGrains.Contracts;

/// <summary>
/// The packages whose delivery failed at one station on one date, keyed <c>{stationId}/{yyyy-MM-dd}</c>.
/// Filled by the packages' outboxes, read by the redelivery job, so the job never scans every package.
/// </summary>
[Alias("otpgrains.IStationDayGrain")]
public interface IStationDayGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string trackingId);

    [Alias("GetFailed")] Task<ImmutableList<string>> GetFailed();
}
