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

    /// <summary>A wrong code or fallback entry that left attempts for the day.</summary>
    WrongEntry,

    /// <summary>A wrong code or fallback entry that locked the package for the day.</summary>
    Locked,
}
