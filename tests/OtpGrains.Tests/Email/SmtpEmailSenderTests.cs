using OtpGrains.Tests.Support;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using netDumbster.smtp;
using OtpGrains.Grains.Email;

namespace OtpGrains.Tests.Email;

public sealed class SmtpEmailSenderTests
{
    private static SmtpEmailSender CreateSender(int port, RecordingLogger<SmtpEmailSender>? logger = null) => new(
        Options.Create(new EmailOptions
        {
            Mode = EmailMode.Smtp,
            Smtp = new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Security = SmtpSecurity.None,
                Timeout = TimeSpan.FromSeconds(5),
            },
        }),
        TimeProvider.System,
        logger ?? new RecordingLogger<SmtpEmailSender>());

    [Fact]
    public async Task Smtp_relay_receives_the_message_with_recipient_subject_and_code()
    {
        using var server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        var logger = new RecordingLogger<SmtpEmailSender>();
        var message = EmailComposer.CodeIssued("ada@example.com", "TRK-42", "493817");

        await CreateSender(server.Configuration.Port, logger).SendAsync(message, CancellationToken.None);

        var received = Assert.Single(await WaitForMessages(server, 1));
        Assert.Equal("ada@example.com", Assert.Single(received.ToAddresses).Address);
        using var raw = new MemoryStream(Encoding.UTF8.GetBytes(received.Data));
        var parsed = await MimeMessage.LoadAsync(raw, CancellationToken.None);
        Assert.Equal(message.Subject, parsed.Subject);
        Assert.Contains("493817", parsed.TextBody);
        Assert.All(logger.Lines, line => Assert.DoesNotContain("493817", line));
    }

    [Fact]
    public async Task Send_throws_when_no_smtp_server_listens_so_the_caller_can_retry()
    {
        var port = FreePort.Next();

        await Assert.ThrowsAnyAsync<Exception>(
            () => CreateSender(port).SendAsync(
                EmailComposer.CodeIssued("ada@example.com", "TRK-42", "493817"), CancellationToken.None));
    }

    [Fact]
    public async Task Send_without_a_configured_host_throws()
    {
        var sender = new SmtpEmailSender(
            Options.Create(new EmailOptions { Mode = EmailMode.Smtp }),
            TimeProvider.System,
            new RecordingLogger<SmtpEmailSender>());

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => sender.SendAsync(EmailComposer.ReturnedToSender("ada@example.com", "TRK-42"), CancellationToken.None));
    }


    internal static async Task<SmtpMessage[]> WaitForMessages(SimpleSmtpServer server, int count)
    {
        // netDumbster stores the message on its own thread after answering the client.
        for (var attempt = 0; attempt < 50 && server.ReceivedEmailCount < count; attempt++)
        {
            await Task.Delay(100);
        }

        return server.ReceivedEmail;
    }
}
