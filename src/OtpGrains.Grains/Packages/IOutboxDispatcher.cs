using OtpGrains.Grains.Email;

namespace OtpGrains.Grains.Packages;

/// <summary>Delivers one outbox message to its receiver. Throws when it could not; the package retries later.</summary>
public interface IOutboxDispatcher
{
    /// <param name="message">The message; receivers deduplicate by its id.</param>
    /// <param name="email">The rendered email when the message is one.</param>
    Task DeliverAsync(OutboxMessage message, EmailMessage? email, CancellationToken cancellationToken);
}
