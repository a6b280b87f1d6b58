using System.Collections.Concurrent;
using OtpGrains.Grains.Email;

namespace OtpGrains.Tests.Support;

/// <summary>Keeps every email the grains send, in memory.</summary>
public sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return Task.CompletedTask;
    }

    public IEnumerable<EmailMessage> For(string trackingId) => Sent.Where(m => m.Subject.Contains(trackingId) || m.TextBody.Contains(trackingId));
}
