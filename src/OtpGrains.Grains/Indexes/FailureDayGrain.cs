using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

public sealed class FailureDayGrain([PersistentState("failure-day", OtpStorage.Name)] IPersistentState<IndexState> index)
    : IndexGrain(index), IFailureDayGrain
{
    public Task Add(string stationId) => AddMember(stationId);

    public Task<ImmutableList<string>> GetStations() => Members();
}
