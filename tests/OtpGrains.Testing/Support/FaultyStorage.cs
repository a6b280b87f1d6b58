using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace OtpGrains.Tests.Support;

/// <summary>
/// Grain storage that can be told to fail writes, as a database outage would, or to make one grain's
/// writes slow, as a busy database would; it counts each grain's writes.
/// </summary>
public sealed class FaultyStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, int> writes = new();
    private readonly ConcurrentDictionary<GrainId, TimeSpan> delays = new();

    public volatile bool FailWrites;

    /// <summary>The writes of <paramref name="grain"/> this storage has stored.</summary>
    public int WritesOf(GrainId grain) => writes.GetValueOrDefault(grain);

    /// <summary>Makes every write of <paramref name="grain"/> take <paramref name="delay"/> before it is stored.</summary>
    public void SlowWrites(GrainId grain, TimeSpan delay) => delays[grain] = delay;

    /// <summary>Writes the stored state back unchanged, as a duplicate activation's write would: the stored ETag moves on.</summary>
    public async Task WriteBehindTheGrainsBack<T>(string stateName, GrainId grainId)
    {
        var stored = new GrainState<T>();
        await inner.ReadStateAsync(stateName, grainId, stored);
        await inner.WriteStateAsync(stateName, grainId, stored);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (delays.TryGetValue(grainId, out var delay)) await Task.Delay(delay);
        if (FailWrites) throw new OrleansException("injected: storage is down");
        await inner.WriteStateAsync(stateName, grainId, grainState);
        writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
