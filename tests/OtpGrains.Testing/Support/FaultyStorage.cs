using Orleans.Runtime;
using Orleans.Storage;

namespace OtpGrains.Tests.Support;

/// <summary>Grain storage that can be told to fail writes, as a database outage would.</summary>
public sealed class FaultyStorage(IGrainStorage inner) : IGrainStorage
{
    public volatile bool FailWrites;

    /// <summary>Writes the stored state back unchanged, as a duplicate activation's write would: the stored ETag moves on.</summary>
    public async Task WriteBehindTheGrainsBack<T>(string stateName, GrainId grainId)
    {
        var stored = new GrainState<T>();
        await inner.ReadStateAsync(stateName, grainId, stored);
        await inner.WriteStateAsync(stateName, grainId, stored);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        FailWrites ? throw new OrleansException("injected: storage is down") : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
