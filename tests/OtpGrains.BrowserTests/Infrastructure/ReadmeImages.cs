namespace OtpGrains.BrowserTests.Infrastructure;

/// <summary>
/// README's screenshots come from the tests' own pages: with <c>OTPGRAINS_README_IMAGES</c> set to a
/// folder (docs/images; a relative path is taken from the repository root), <see cref="Capture"/> saves
/// the page there as <c>{name}.png</c>; unset, it does nothing.
/// </summary>
public static class ReadmeImages
{
    public const string FolderVariable = "OTPGRAINS_README_IMAGES";

    public static async Task Capture(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is not { Length: > 0 } folder) return;
        folder = Path.Combine(BrowserTest.RepositoryFolder, folder);
        Directory.CreateDirectory(folder);
        // The caret and focus ring would differ from run to run; park the focus on the page itself.
        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
