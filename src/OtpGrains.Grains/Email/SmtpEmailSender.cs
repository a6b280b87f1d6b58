using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OtpGrains.Grains.Email;

/// <summary>
/// Sends each message through the configured SMTP relay with MailKit. Each send uses its own
/// connection, because <see cref="SmtpClient"/> is not safe to share between concurrent callers.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions settings = options.Value;

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var smtp = settings.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("Email:Smtp:Host is required when Email:Mode is Smtp.");
        }

        var mime = OutgoingMime.Create(message, settings.From, timeProvider.GetUtcNow());

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, ToSocketOptions(smtp.Security), cancellationToken)
            .ConfigureAwait(false);

        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken)
                .ConfigureAwait(false);
        }

        await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        LogSent(logger, OutgoingMime.RecipientDomain(message.To), message.Subject, smtp.Host);

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The relay has accepted the message; failing now would make the outbox send it twice.
            LogDisconnectFailed(logger, exception, smtp.Host);
        }
    }

    private static SecureSocketOptions ToSocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security mode."),
    };

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sent email for {RecipientDomain} with subject {Subject} through {SmtpHost}")]
    private static partial void LogSent(ILogger logger, string recipientDomain, string subject, string smtpHost);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Email was accepted by {SmtpHost} but closing the connection failed")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception, string smtpHost);
}
