using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Indexes;

/// <summary>An idempotent set of ids behind a grain key; adding a member twice writes nothing.</summary>
public abstract class IndexGrain(IPersistentState<IndexState> index) : Grain
{
    protected Task AddMember(string member) =>
        index.State.Members.Contains(member) ? Task.CompletedTask : index.Commit(index.State with { Members = index.State.Members.Add(member) });

    protected Task<ImmutableList<string>> Members() => Task.FromResult(index.State.Members.ToImmutableList());
}
