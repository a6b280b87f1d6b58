using OtpGrains.Domain.Drivers;

namespace OtpGrains.Domain.Packages;

/// <summary>
/// A cross-grain effect persisted with the state change that caused it and delivered after the
/// write; receivers deduplicate by <see cref="Id"/>. Exactly one payload is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.OutboxMessage")]
public sealed record OutboxMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] DriverEvent? DriverEvent = null,
    [property: Id(2)] FailureIndexEntry? FailureIndex = null,
    [property: Id(3)] EmailNotice? Email = null,
    [property: Id(4)] MissingReport? MissingReport = null);

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

[GenerateSerializer, Alias("otpgrains.EmailKind")]
public enum EmailKind
{
    CodeIssued,
    CodeResent,
    CodeReissued,
    RedeliveryScheduled,
    ReturnedToSender,
}

/// <summary>Puts a package into its station's per-day index of failed deliveries.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.FailureIndexEntry")]
public sealed record FailureIndexEntry(
    [property: Id(0)] string StationId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string TrackingId);

/// <summary>A customer's report that a delivered package never reached them.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.MissingReport")]
public sealed record MissingReport(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string TrackingId,
    [property: Id(2)] DateTimeOffset At);
