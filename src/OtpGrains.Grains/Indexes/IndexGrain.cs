using Orleans.Concurrency;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

/// <summary>
/// An idempotent set of ids behind a grain key; adding a member twice writes nothing.
/// <para>
/// An index is the one grain a whole day's drivers (or failed packages) report to, often at the same
/// moment, so its writes are grouped: while one write is in flight, every member added meanwhile waits
/// for the next one, and each add is answered once the write holding its member is stored. Two hundred
/// drivers starting their day together cost a handful of writes, not two hundred in a row (each behind
/// the last, with the set growing), which held their driver grains and the entries at the door waiting
/// on them for seconds. Reentrant for that (the index grains inherit it; Orleans reads grain attributes
/// with inheritance); reads show only stored members.
/// </para>
/// </summary>
[Reentrant]
public abstract class IndexGrain(IPersistentState<IndexState> index) : Grain
{
    // The members waiting for the next write, and those of the write in flight.
    private Batch? next;
    private Batch? writing;

    protected Task AddMember(string member)
    {
        // While a write is in flight, the state already holds its members: they are not stored yet.
        if (writing is { } inFlight && inFlight.Members.Contains(member)) return inFlight.Stored.Task;
        if (index.State.Members.Contains(member)) return Task.CompletedTask;
        var batch = next ??= new Batch();
        batch.Members.Add(member);
        if (writing is null) _ = WriteBatches();
        return batch.Stored.Task;
    }

    protected Task<ImmutableList<string>> Members() => Task.FromResult(
        (writing is { } inFlight ? index.State.Members.Except(inFlight.Members) : index.State.Members).ToImmutableList());

    /// <summary>Writes the waiting members, one batch at a time, until none wait; a failed write fails its batch's adds.</summary>
    private async Task WriteBatches()
    {
        while (next is { } batch)
        {
            (writing, next) = (batch, null);
            try
            {
                await index.Commit(index.State with { Members = index.State.Members.Union(batch.Members) });
                batch.Stored.SetResult();
            }
            catch (Exception e)
            {
                batch.Stored.SetException(e);
            }
            finally
            {
                writing = null;
            }
        }
    }

    private sealed class Batch
    {
        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
