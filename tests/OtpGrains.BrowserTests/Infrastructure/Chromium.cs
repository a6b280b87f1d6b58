namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>, see tests/chromium.sh) driven by Playwright's
/// bundled driver. Missing Chromium fails every browser test: it is never skipped, never downloaded.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Another executable for a developer's machine; CI uses Debian's.</summary>
    public const string PathVariable = "OTPGRAINS_CHROMIUM";
    public const string DebianPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DebianPath;
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"Chromium is not installed at {path}. The browser tests need it: run 'bash tests/chromium.sh' (installs Debian's chromium), or set {PathVariable}.");
        // Playwright's own default for slow machines is 5 s; the shared CI machine builds while it tests.
        SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = path,
            Headless = true,
            // As root (CI) Chromium refuses to start with its sandbox; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

/// <summary>One browser and one Development gateway for every browser test; tests run one at a time.</summary>
public sealed class PagesWorld : IAsyncLifetime
{
    public Chromium Chromium { get; } = new();

    public PagesHost Gateway { get; private set; } = null!;

    public Seed Seed => field ??= new Seed(Gateway.Http);

    public async Task InitializeAsync()
    {
        await Chromium.InitializeAsync();
        Gateway = new PagesHost().Started();
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await Chromium.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PagesWorld>
{
    public const string Name = "browser";
}
