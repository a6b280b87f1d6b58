namespace OtpGrains.Contracts;

/// <summary>
/// The packages whose delivery failed at one station on one date, keyed <c>{stationId}/{yyyy-MM-dd}</c>.
/// Filled by the packages' outboxes, read by the redelivery job, so the job never scans every package.
/// </summary>
// The wire alias keeps the interface's first name, so silos and clients of both versions talk during a rolling upgrade.
[Alias("otpgrains.IStationDayGrain")]
public interface IFailedPackagesGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string trackingId);

    [Alias("GetFailed")] Task<ImmutableList<string>> GetFailed();
}
