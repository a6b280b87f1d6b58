using MimeKit;

namespace OtpGrains.Grains.Email;

/// <summary>Turns an <see cref="EmailMessage"/> into the MIME message both senders hand over.</summary>
internal static class OutgoingMime
{
    public static MimeMessage Create(EmailMessage message, string from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);

        var mime = new MimeMessage { Subject = message.Subject, Date = date };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.TextBody };
        if (message.MessageId is { } id) mime.MessageId = id;
        return mime;
    }

    /// <summary>The part of an address that may be logged: its domain, never the mailbox.</summary>
    public static string RecipientDomain(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 ? address[(at + 1)..].TrimEnd('>', ' ') : "(none)";
    }
}
