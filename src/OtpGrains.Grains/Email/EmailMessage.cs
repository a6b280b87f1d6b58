namespace OtpGrains.Grains.Email;

/// <summary>
/// One plain-text email to a customer. The body may hold a delivery code, so it is never logged.
/// </summary>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line; never contains a code.</param>
/// <param name="TextBody">Plain-text body.</param>
public sealed record EmailMessage(string To, string Subject, string TextBody);
