namespace OtpGrains.Grains.Email;

/// <summary>
/// One plain-text email to a customer. The body may hold a delivery code, so it is never logged.
/// </summary>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line; never contains a code.</param>
/// <param name="TextBody">Plain-text body.</param>
/// <param name="MessageId">The Message-ID header: the same for every send of one outbox notice, so a repeated send is one message to mail clients.</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? MessageId = null);
