using System.Runtime.CompilerServices;

namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>
/// A test in the browser: pages in their own contexts (one per person, like separate phones), in the
/// station's time zone. A failing test leaves a screenshot of every open page under
/// <c>tests/OtpGrains.BrowserTests/TestResults/screenshots/</c>; any script error or Content-Security-Policy
/// violation on a page fails the test.
/// </summary>
public abstract class BrowserTest(PagesWorld world) : IAsyncLifetime
{
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>
    /// A navigation counts once its address is committed; the assertions that follow wait for what
    /// they need, so a slow load event on a busy machine does not fail a test that is right.
    /// </summary>
    protected static readonly PageWaitForURLOptions Arrived = new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 };

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<IPage> pages = [];
    private readonly List<string> pageErrors = [];

    protected PagesWorld World => world;

    protected Seed Seed => world.Seed;

    protected static string Id(string prefix) => Seed.Id(prefix);

    public static string ScreenshotFolder { get; } = Path.Combine(ProjectFolder(), "TestResults", "screenshots");

    public static string RepositoryFolder { get; } = Path.GetFullPath(Path.Combine(ProjectFolder(), "..", ".."));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
    }

    /// <summary>Runs the test; on failure keeps a screenshot of each page, then fails with the cause.</summary>
    protected async Task InBrowser(Func<Task> test, [CallerMemberName] string name = "")
    {
        try
        {
            await test();
            Assert.True(pageErrors.Count == 0, "The pages reported errors:\n" + string.Join("\n", pageErrors));
        }
        catch (Exception)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            for (var i = 0; i < pages.Count; i++)
            {
                if (pages[i].IsClosed) continue;
                try { await pages[i].ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{i + 1}.png"), FullPage = true }); }
                catch (PlaywrightException) { /* the page died with the failure; the other screenshots still help */ }
            }
            throw;
        }
    }

    /// <param name="routes">Request routes to set on the browser context before its page exists, so that no request of the page can pass them.</param>
    protected async Task<IPage> NewPage(ViewportSize? viewport = null, PagesHost? host = null, bool mobile = false, Func<IBrowserContext, Task>? routes = null)
    {
        var context = await world.Chromium.Browser.NewContextAsync(new()
        {
            BaseURL = (host ?? world.Gateway).Url,
            TimezoneId = StationZone.Id,
            Locale = "en-GB",
            ViewportSize = viewport ?? Desktop,
            IsMobile = mobile,
            HasTouch = mobile,
        });
        context.SetDefaultNavigationTimeout(60_000);
        context.SetDefaultTimeout(30_000);
        contexts.Add(context);
        if (routes is not null) await routes(context);
        var page = await context.NewPageAsync();
        pages.Add(page);
        page.PageError += (_, error) => pageErrors.Add($"{page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) pageErrors.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>Opens <paramref name="path"/> as a stranger, is sent to /signin, picks the role, and lands back on it.</summary>
    protected async Task<IPage> SignedIn(string role, string subject, string path, ViewportSize? viewport = null, bool mobile = false, string? capture = null,
        Func<IBrowserContext, Task>? routes = null)
    {
        var page = await NewPage(viewport, mobile: mobile, routes: routes);
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin", Arrived);
        // The picker starts on the role of the page that sent the user; the user still picks.
        await Expect(page.GetByTestId("signin-role")).ToHaveValueAsync(role);
        await page.GetByTestId("signin-role").SelectOptionAsync(role);
        await page.GetByTestId("signin-subject").FillAsync(subject);
        if (capture is not null) await ReadmeImages.Capture(page, capture);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, Arrived);
        return page;
    }

    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OtpGrains.BrowserTests.csproj"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
