namespace OtpGrains.Domain.Packages;

/// <summary>One line of the support audit trail. Never holds a code or phone digits.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string? Method = null)
{
    /// <summary>The longest free-text note (an excuse) an audit line keeps; longer ones are refused, never cut.</summary>
    public const int MaxNoteLength = 1000;
}
