namespace OtpGrains.Tests.Support;

/// <summary>A package out for delivery with its driver, customer and current code, ready for entries at the door.</summary>
public sealed record DoorStop(string TrackingId, string CustomerId, string DriverId, string Code, IPackageGrain Package)
{
    /// <summary>A six-digit entry that is certainly not the code.</summary>
    public string Wrong => Deliveries.WrongCode(Code);

    public Task<DriverReply> Enter(string code, string? key = null) => Package.HandleDriverCommand(Deliveries.Entry(DriverId, code, key));
}
