using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

/// <summary>
/// The packages whose delivery failed at one station on one date (<see cref="IFailedPackagesGrain"/>).
/// Its grain type stays <c>stationday</c>, the one Orleans gave its first name (StationDayGrain): stored
/// rows and the grain's identity carry the type, so a new one would start every index empty.
/// </summary>
[GrainType(StoredType)]
public sealed class FailedPackagesGrain([PersistentState("station-day", OtpStorage.Name)] IPersistentState<IndexState> index)
    : IndexGrain(index), IFailedPackagesGrain
{
    public const string StoredType = "stationday";

    public Task Add(string trackingId) => AddMember(trackingId);

    public Task<ImmutableList<string>> GetFailed() => Members();
}
