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
