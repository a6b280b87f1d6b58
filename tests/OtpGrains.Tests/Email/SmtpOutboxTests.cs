using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using MimeKit;
using Orleans.Hosting;
using Orleans.TestingHost;
using OtpGrains.Grains.Hosting;
using OtpGrains.Silo;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Email;

/// <summary>The package outbox against a real SMTP relay that is down at first.</summary>
public sealed class SmtpOutboxTests
{
    [Fact]
    public async Task Code_email_waits_out_an_smtp_outage_and_is_delivered_exactly_once()
    {
        var port = FreePort.Next();
        var configuration = ClusterFixture.Configuration(new Dictionary<string, string?>
        {
            ["Email:Mode"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Timeout"] = "00:00:02",
        });
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OtpStorage.Name).UseInMemoryReminderService();
            silo.AddOtpGrains(configuration, isDevelopment: true);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var deliveries = new Deliveries(cluster.Client);
        var customer = Deliveries.NewId("C");

        var trackingId = await deliveries.Shipped(Deliveries.Laptop(customer));
        var code = await deliveries.Code(trackingId, customer);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the relay is down: the grain keeps retrying

        using var server = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        var received = await SmtpEmailSenderTests.WaitForMessages(server, 1);
        await Task.Delay(TimeSpan.FromSeconds(1)); // no second copy arrives once it was accepted

        var message = Assert.Single(server.ReceivedEmail);
        Assert.Equal($"{customer}@example.com", Assert.Single(message.ToAddresses).Address);
        using var raw = new MemoryStream(Encoding.UTF8.GetBytes(message.Data));
        var parsed = await MimeMessage.LoadAsync(raw, CancellationToken.None);
        Assert.Contains(trackingId, parsed.Subject);
        Assert.DoesNotContain(code, parsed.Subject);
        Assert.Contains(code, parsed.TextBody);
        Assert.Single(received);
    }
}
