namespace OtpGrains.Grains.Email;

/// <summary>Hands an email to the configured delivery mechanism (pickup folder or SMTP relay).</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends <paramref name="message"/>. Throws when the message could not be handed over, so the
    /// caller keeps it in its persisted outbox and tries again later.
    /// </summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
