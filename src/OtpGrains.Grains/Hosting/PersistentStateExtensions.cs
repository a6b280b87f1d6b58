namespace OtpGrains.Grains.Hosting;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes <paramref name="next"/> as the grain's state. When the write fails the in-memory
    /// state goes back to what storage holds, so nothing unwritten is ever answered or counted.
    /// An <see cref="InconsistentStateException"/> (a duplicate activation wrote first) escapes,
    /// and Orleans then deactivates this activation so the next call reloads the stored state.
    /// </summary>
    public static async Task Commit<T>(this IPersistentState<T> state, T next)
    {
        if (ReferenceEquals(next, state.State)) return;
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
