using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OtpGrains.Grains.Email;

namespace OtpGrains.Tests.Email;

public sealed class PickupEmailSenderTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "otpgrains-pickup-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingLogger<PickupEmailSender> logger = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 13, 9, 30, 0, TimeSpan.Zero));

    private PickupEmailSender CreateSender() => new(
        Options.Create(new EmailOptions { PickupDirectory = directory }),
        time,
        logger);

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Pickup_writes_an_eml_file_that_MimeKit_reads_back()
    {
        var message = EmailComposer.CodeIssued("ada@example.com", "TRK-42", "493817");

        await CreateSender().SendAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(directory));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var parsed = await MimeMessage.LoadAsync(file, CancellationToken.None);
        Assert.Equal("ada@example.com", Assert.Single(parsed.To.Mailboxes).Address);
        Assert.Equal("no-reply@otpgrains.invalid", Assert.Single(parsed.From.Mailboxes).Address);
        Assert.Equal(message.Subject, parsed.Subject);
        Assert.Contains("493817", parsed.TextBody);
        Assert.Equal(time.GetUtcNow(), parsed.Date);
    }

    [Fact]
    public async Task Each_message_gets_its_own_file_even_in_the_same_instant()
    {
        var sender = CreateSender();

        await sender.SendAsync(EmailComposer.CodeIssued("ada@example.com", "TRK-1", "111111"), CancellationToken.None);
        await sender.SendAsync(EmailComposer.CodeIssued("ada@example.com", "TRK-2", "222222"), CancellationToken.None);

        Assert.Equal(2, Directory.GetFiles(directory, "*.eml").Length);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public async Task Cancelled_send_writes_nothing_and_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CreateSender().SendAsync(EmailComposer.CodeIssued("ada@example.com", "TRK-42", "493817"), cancelled.Token));

        Assert.False(Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any());
    }

    [Fact]
    public async Task Log_names_the_recipient_domain_but_never_the_code_or_mailbox()
    {
        await CreateSender().SendAsync(EmailComposer.CodeIssued("ada@example.com", "TRK-42", "493817"), CancellationToken.None);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("example.com", line);
        Assert.DoesNotContain("493817", line);
        Assert.DoesNotContain("ada@", line);
    }
}
