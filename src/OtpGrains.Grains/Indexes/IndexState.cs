namespace OtpGrains.Grains.Indexes;

/// <summary>A set of ids kept by an index grain.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.IndexState")]
public sealed record IndexState
{
    [Id(0)] public ImmutableSortedSet<string> Members { get; init; } = ImmutableSortedSet<string>.Empty;
}
