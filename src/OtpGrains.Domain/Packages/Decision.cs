namespace OtpGrains.Domain.Packages;

/// <summary>What a rule decided: the next state (the same instance when nothing changed) and the answer.</summary>
public sealed record Decision<T>(PackageState State, T Reply, bool Changed)
{
    public static Decision<T> Unchanged(PackageState state, T reply) => new(state, reply, false);
}
