using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

public sealed class StationDayGrain([PersistentState("station-day", OtpStorage.Name)] IPersistentState<IndexState> index)
    : IndexGrain(index), IStationDayGrain
{
    public Task Add(string trackingId) => AddMember(trackingId);

    public Task<ImmutableList<string>> GetFailed() => Members();
}
