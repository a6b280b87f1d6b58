namespace OtpGrains.Contracts;

/// <summary>
/// One package, keyed by tracking id. Every command on a package runs one at a time in this grain;
/// that is what serializes concurrent attempts at the door. A command's state change is durable
/// before its answer is returned.
/// </summary>
[Alias("otpgrains.IPackageGrain")]
public interface IPackageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the package for <see cref="RegisterPackage.Shipper"/>, who owns it from then on; an
    /// identical repeat by the owner answers the same view, anyone else gets not found.
    /// </summary>
    [Alias("Register")] Task<Result<Registered>> Register(RegisterPackage registration);

    /// <summary>
    /// Marks it shipped, issuing and emailing the code when one is needed. Repeats issue nothing.
    /// <paramref name="shipperId"/> is the caller (the gateway always names it); a package another
    /// shipper registered answers not found. Null is a caller inside the cluster (tools, tests).
    /// </summary>
    [Alias("ShipBy")] Task<Result<PackageView>> Ship(string? shipperId = null);

    /// <summary>Puts it on a route (called by the route grain).</summary>
    [Alias("Assign")] Task<Result<PackageView>> Assign(StopAssignment stop);

    /// <summary>Takes it off a route before the block starts (called by the route grain).</summary>
    [Alias("Unassign")] Task<Result<PackageView>> Unassign(string stationId, string routeId);

    /// <summary>A driver command at the door, deduplicated by its idempotency key.</summary>
    [Alias("Drive")] Task<DriverReply> HandleDriverCommand(DriverCommand command);

    /// <summary>The itinerary line for the assigned driver, or null for anyone else.</summary>
    [Alias("GetStop")] Task<StopView?> GetStop(string driverId);

    [Alias("ScanReturn")] Task<Result<ReturnScan>> ScanReturn(string stationId);

    [Alias("GetCustomerView")] Task<Result<CustomerPackageView>> GetCustomerView(string customerId);

    /// <summary>
    /// Emails the current code again, or a fresh one when <paramref name="fresh"/>. A repeat with the
    /// same <paramref name="requestId"/> (a retry) does nothing more.
    /// </summary>
    [Alias("ResendCode")] Task<Result<PackageView>> ResendCode(string customerId, bool fresh, string requestId);

    [Alias("ReportMissing")] Task<Result<PackageView>> ReportMissing(string customerId);

    [Alias("GetSupportView")] Task<Result<SupportPackageView>> GetSupportView();

    [Alias("Excuse")] Task<Result<PackageView>> Excuse(string agentId, string note);

    /// <summary>Replaces the code and emails the new one; a repeat with the same <paramref name="requestId"/> does nothing more.</summary>
    [Alias("ReissueCode")] Task<Result<PackageView>> ReissueCode(string agentId, string requestId);

    /// <summary>The redelivery job's step for a package that failed on <paramref name="failedDate"/>.</summary>
    [Alias("ScheduleRedelivery")] Task<Result<RedeliveryOutcome>> ScheduleRedelivery(DateOnly failedDate);
}
