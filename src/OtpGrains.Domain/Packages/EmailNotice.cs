namespace OtpGrains.Domain.Packages;

/// <summary>
/// An email waiting in the outbox. It names the code's generation, not the code, and no address: the
/// body is rendered and the registration's sealed address opened when it is sent, and a notice whose
/// code was replaced meanwhile is dropped, so a retry can never send a different code than the one the
/// notice was about. <c>[Id(1)]</c> held the plain address in rows stored before addresses were sealed
/// (their <c>"To"</c> is ignored on read); it must not be reused.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.EmailNotice")]
public sealed record EmailNotice(
    [property: Id(0)] EmailKind Kind,
    [property: Id(2)] int? CodeGeneration = null,
    [property: Id(3)] DateOnly? Date = null);
