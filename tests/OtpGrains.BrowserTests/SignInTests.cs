namespace OtpGrains.BrowserTests;

/// <summary>Who gets in, where they land, and what a stranger sees.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(PagesWorld world) : BrowserTest(world)
{
    [Theory]
    [InlineData("driver", "/driver")]
    [InlineData("station", "/station")]
    [InlineData("support", "/support")]
    [InlineData("customer", "/track")]
    public Task Signing_in_with_nowhere_to_return_to_lands_on_the_roles_page(string role, string home) => InBrowser(async () =>
    {
        var page = await NewPage();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("Your id").FillAsync(Id("U"));
        await page.GetByLabel("Your id").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == home, Arrived);
        Assert.Equal(role, await page.EvaluateAsync<string>("() => sessionStorage.getItem('otpgrains.role')"));
    });

    [Fact]
    public Task A_return_address_off_this_site_is_ignored() => InBrowser(async () =>
    {
        var page = await NewPage();
        await page.GotoAsync("/signin?return=" + Uri.EscapeDataString("//example.com/driver"));
        await page.GetByTestId("signin-role").SelectOptionAsync("driver");
        await page.GetByTestId("signin-subject").FillAsync(Id("D"));
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/driver", Arrived);
        Assert.StartsWith(World.Gateway.Url, page.Url);
    });

    [Fact]
    public Task Another_customer_gets_a_neutral_not_found_and_nothing_of_the_code() => InBrowser(async () =>
    {
        var owner = Id("C");
        var trackingId = await Seed.Shipped(owner, Id("S"), otp: true);
        var ownerPage = await SignedIn("customer", owner, $"/track/{trackingId}");
        var code = (await ownerPage.GetByTestId("otp").TextContentAsync())!.Trim();
        await Expect(ownerPage.GetByTestId("status")).ToHaveAttributeAsync("data-status", "Shipped");

        var stranger = await SignedIn("customer", Id("C"), $"/track/{trackingId}");
        await Expect(stranger.GetByTestId("not-found")).ToBeVisibleAsync();
        await Expect(stranger.GetByTestId("otp")).ToHaveCountAsync(0);
        await Expect(stranger.GetByTestId("status")).ToHaveCountAsync(0);
        Assert.DoesNotContain(code, await stranger.ContentAsync());

        // A package that does not exist looks exactly the same.
        await stranger.GotoAsync($"/track/{Id("PKG")}");
        await Expect(stranger.GetByTestId("not-found")).ToBeVisibleAsync();

        // A driver who opens the tracking page is told it is not for them, and sees no code either.
        var driver = await SignedIn("driver", Id("D"), "/driver");
        await driver.GotoAsync($"/track/{trackingId}");
        await Expect(driver.GetByRole(AriaRole.Alert)).ToContainTextAsync("This page is not for your role");
        Assert.DoesNotContain(code, await driver.ContentAsync());
    });

    [Fact]
    public Task The_customer_asks_for_the_code_again_from_the_tracking_page() => InBrowser(async () =>
    {
        var owner = Id("C");
        var trackingId = await Seed.Shipped(owner, Id("S"), otp: true);
        var page = await SignedIn("customer", owner, $"/track/{trackingId}");
        await page.GetByTestId("resend").ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("We have emailed you the code again.");
        Assert.DoesNotContain("code=", page.Url);
    });

    [Theory]
    [InlineData("/signin")]
    [InlineData("/track/PKG-1")]
    [InlineData("/driver")]
    [InlineData("/station")]
    [InlineData("/support")]
    public Task Every_field_on_every_page_has_a_label_and_every_button_a_name(string path) => InBrowser(async () =>
    {
        var role = path switch { "/signin" => null, "/track/PKG-1" => "customer", _ => path.TrimStart('/') };
        var page = role is null ? await NewPage() : await SignedIn(role, Id("U"), path);
        if (role is null) await page.GotoAsync(path);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Loading…");
        var unlabelled = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && e.closest('[hidden]') === null && ![...e.labels].some(l => l.textContent.trim().length > 0))
            .map(e => e.outerHTML)");
        Assert.Empty(unlabelled);
        var nameless = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('button')]
            .filter(b => b.closest('[hidden]') === null && b.textContent.trim().length === 0 && !b.getAttribute('aria-label'))
            .map(b => b.outerHTML)");
        Assert.Empty(nameless);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
    });
}
