namespace OtpGrains.Domain.Packages;

/// <summary>
/// An email waiting in the outbox. It names the code's generation, not the code: the body is
/// rendered when it is sent, and a notice whose code was replaced meanwhile is dropped, so a retry
/// can never send a different code than the one the notice was about.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.EmailNotice")]
public sealed record EmailNotice(
    [property: Id(0)] EmailKind Kind,
    [property: Id(1)] string To,
    [property: Id(2)] int? CodeGeneration = null,
    [property: Id(3)] DateOnly? Date = null)
{
    /// <summary>Without the address, so an outbox logged whole reveals nobody.</summary>
    public override string ToString() => $"{Kind} e-mail (code generation {CodeGeneration}, date {Date})";
}
