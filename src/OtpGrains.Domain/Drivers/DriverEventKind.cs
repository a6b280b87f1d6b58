namespace OtpGrains.Domain.Drivers;

[GenerateSerializer, Alias("otpgrains.DriverEventKind")]
public enum DriverEventKind
{
    Assigned,
    Delivered,
    Undeliverable,
    Excused,
    RemovedBeforeStart,
    LateReturn,
}
