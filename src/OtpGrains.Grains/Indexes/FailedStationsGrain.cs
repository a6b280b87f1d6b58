using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

/// <summary>
/// The stations that had failed deliveries on one date (<see cref="IFailedStationsGrain"/>). Its grain
/// type stays <c>failureday</c>, the one Orleans gave its first name (FailureDayGrain); see <see cref="FailedPackagesGrain"/>.
/// </summary>
[GrainType(StoredType)]
public sealed class FailedStationsGrain([PersistentState("failure-day", OtpStorage.Name)] IPersistentState<IndexState> index)
    : IndexGrain(index), IFailedStationsGrain
{
    public const string StoredType = "failureday";

    public Task Add(string stationId) => AddMember(stationId);

    public Task<ImmutableList<string>> GetStations() => Members();
}
