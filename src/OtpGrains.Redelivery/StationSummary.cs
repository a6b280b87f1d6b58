namespace OtpGrains.Redelivery;

/// <summary>
/// What the job did at one station for one failure date, so far or in the end. <see cref="Scheduled"/>
/// counts every package scheduled for redelivery, including the <see cref="NewCodes"/> ones.
/// </summary>
public sealed record StationSummary(
    string StationId,
    DateOnly Date,
    int Packages,
    int Scheduled,
    int NewCodes,
    int ReturnedToShipper,
    int NotReturned,
    int AlreadyHandled,
    int Failed)
{
    /// <summary>Packages the run has finished with, whatever the outcome.</summary>
    public int Processed => Scheduled + ReturnedToShipper + NotReturned + AlreadyHandled + Failed;

    public bool IsComplete => Processed >= Packages;
}
