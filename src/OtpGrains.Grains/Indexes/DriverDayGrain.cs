using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

public sealed class DriverDayGrain([PersistentState("driver-day", OtpStorage.Name)] IPersistentState<IndexState> index)
    : IndexGrain(index), IDriverDayGrain
{
    public Task Add(string driverId) => AddMember(driverId);

    public Task<ImmutableList<string>> GetDrivers() => Members();
}
