namespace OtpGrains.Grains.Packages;

/// <summary>Delivers one outbox message to its receiving grain. Throws when it could not; the package retries later.</summary>
public interface IOutboxDispatcher
{
    /// <param name="message">The message; receivers deduplicate by its id (driver events by its sequence number).</param>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
