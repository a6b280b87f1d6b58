using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>
/// The real gateway (embedded silo) on a real Kestrel listener at a free loopback port, so a browser
/// can reach it. Its stations run in <see cref="StationZone"/>, where it is now about noon, so
/// "today" is inside the 03:00-23:00 delivery window whatever the time of the run.
/// </summary>
public sealed class PagesHost : WebApplicationFactory<Program>
{
    private readonly string environment;
    private readonly Dictionary<string, string?> settings;
    private readonly string mail = Directory.CreateTempSubdirectory("otpgrains-pages-mail-").FullName;

    public PagesHost(string environment = "Development", Dictionary<string, string?>? extra = null)
    {
        this.environment = environment;
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}";
        settings = new()
        {
            ["urls"] = Url,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = $"pages-tests-{Guid.NewGuid():N}",
            ["Email:PickupDirectory"] = mail,
            ["Stations:Default:TimeZone"] = StationZone.Id,
            ["RateLimits:AnonymousPerMinute"] = "100000",
            ["RateLimits:DriverAttemptsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        UseKestrel();
    }

    /// <summary>Where the browser finds the gateway, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; }

    public HttpClient Http => field ??= new HttpClient { BaseAddress = new Uri(Url) };

    public PagesHost Started()
    {
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(mail, recursive: true); }
        catch (IOException) { /* a file still being written; the temp folder is cleaned later */ }
    }
}
