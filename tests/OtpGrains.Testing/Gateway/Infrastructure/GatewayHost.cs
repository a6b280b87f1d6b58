using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Hosting;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>
/// The real gateway over its embedded silo, on free ports (so hosts and the grain test cluster never
/// collide), with the delivery rules on a fake clock at <see cref="TestClock.Noon"/>, emails kept in
/// memory and every log line available to capture.
/// </summary>
public class GatewayHost(string environment, IDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Time { get; } = TestClock.Create();

    public RecordingEmailSender Emails { get; } = new();

    public LogSink Logs { get; } = new();

    public IDictionary<string, string?> Settings => settings;

    /// <summary>Settings every test host shares: fast outbox retries and a station whose local time is 01:00 at noon UTC.</summary>
    public static Dictionary<string, string?> Defaults(Dictionary<string, string?>? extra = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = $"gateway-tests-{Guid.NewGuid():N}",
            ["Outbox:FirstRetry"] = "00:00:00.050",
            ["Outbox:MaxRetry"] = "00:00:00.200",
            ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "otpgrains-gateway-tests-mail"),
            [$"Stations:{Flow.NightStation}:TimeZone"] = "Etc/GMT-13",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? []) all[key] = value;
        return all;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new DeliveryClock(Time));
            services.AddSingleton<IEmailSender>(Emails);
        });
    }

}
