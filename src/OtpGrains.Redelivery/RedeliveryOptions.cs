namespace OtpGrains.Redelivery;

/// <summary>What one run of the redelivery job processes.</summary>
/// <param name="Date">The failure date; null means yesterday in each station's own time zone.</param>
/// <param name="StationId">One station; null means every station that had failures on the date.</param>
public sealed record RedeliveryOptions(DateOnly? Date = null, string? StationId = null)
{
    /// <summary>How many packages are handled at once; bounded so a big station cannot flood the cluster.</summary>
    public int Parallelism { get; init; } = 16;
}
