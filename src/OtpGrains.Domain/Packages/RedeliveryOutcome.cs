namespace OtpGrains.Domain.Packages;

/// <summary>What the morning job did with one package that failed on the day it processes.</summary>
[GenerateSerializer, Alias("otpgrains.RedeliveryOutcome")]
public enum RedeliveryOutcome
{
    Scheduled,
    ScheduledWithNewCode,
    ReturnedToSender,
    /// <summary>Not scanned back at the station yet; nothing changed.</summary>
    NotReturned,
    /// <summary>An earlier run already handled it; nothing changed.</summary>
    AlreadyHandled,
}
