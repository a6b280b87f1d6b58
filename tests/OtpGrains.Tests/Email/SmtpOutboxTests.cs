using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Driver_attempts_are_answered_at_once_while_the_relay_stalls_on_the_package_email()
    {
        // A relay that accepts connections and never says a word: each send waits out the 30 s timeout.
        var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        var held = new ConcurrentBag<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) held.Add(await relay.AcceptTcpClientAsync());
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // the relay was stopped at the end of the test
            }
        });
        var configuration = ClusterFixture.Configuration(new Dictionary<string, string?>
        {
            ["Email:Mode"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = ((IPEndPoint)relay.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Timeout"] = "00:00:30",
        });
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OtpStorage.Name).UseInMemoryReminderService();
            silo.AddOtpGrains(configuration, isDevelopment: true);
            silo.Services.AddSingleton(new DeliveryClock(new SettableTime(TestClock.Noon)));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var stop = await new Deliveries(cluster.Client).AtTheDoor();
            await Eventually.True(() => Task.FromResult(!held.IsEmpty)); // the code email is stuck in the relay

            var clock = Stopwatch.StartNew();
            var wrong = await stop.Enter(stop.Wrong);
            var right = await stop.Enter(stop.Code);
            var elapsed = clock.Elapsed;

            Assert.Equal((AttemptOutcome.WrongCode, AttemptOutcome.Delivered), (wrong.Outcome, right.Outcome));
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"two attempts took {elapsed} while the relay stalled for 30 s");
        }
        finally
        {
            relay.Stop();
            foreach (var connection in held) connection.Dispose();
            await accepting;
        }
    }
}
