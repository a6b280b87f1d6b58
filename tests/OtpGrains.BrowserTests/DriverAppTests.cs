namespace OtpGrains.BrowserTests;

/// <summary>The driver app at the door: locks, dropped connections, a phone screen and a keyboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DriverAppTests(PagesWorld world) : BrowserTest(world)
{
    /// <summary>An OTP package on a new driver's late route today, built through the API.</summary>
    private async Task<(string TrackingId, string DriverId, string StationId)> OutForDelivery()
    {
        var station = Id("S");
        var driver = Id("D");
        var trackingId = await Seed.Shipped(Id("C"), station, otp: true);
        var (status, _) = await Seed.Send(HttpMethod.Put, $"/v1/stations/{station}/routes/{Id("R")}", "station", station, new
        {
            driverId = driver,
            date = Seed.Day(StationZone.Today),
            blockStart = "21:30",
            blockEnd = "23:00",
            trackingIds = new[] { trackingId },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return (trackingId, driver, station);
    }

    private static Task WrongCode(IPage page) => page.GetByTestId("code-input").FillAsync("000000");

    [Fact]
    public Task Three_wrong_codes_lock_the_package_and_the_app_says_so_then_it_goes_back_to_the_station() => InBrowser(async () =>
    {
        var (trackingId, driver, station) = await OutForDelivery();
        var other = await OutForDelivery();
        var page = await SignedIn("driver", driver, "/driver", Phone, mobile: true);
        var stop = page.GetByTestId("stop").Filter(new() { HasText = trackingId });
        await stop.GetByTestId("open-stop").ClickAsync();
        var result = page.GetByTestId("attempt-result");

        string[] answers = ["Wrong code. 2 attempts left today.", "Wrong code. 1 attempt left today."];
        foreach (var answer in answers)
        {
            await page.GetByTestId("code-input").FillAsync("000000");
            await page.GetByTestId("code-submit").ClickAsync();
            await Expect(result).ToHaveTextAsync(answer);
        }
        await page.GetByTestId("code-input").FillAsync("000000");
        await page.GetByTestId("code-submit").ClickAsync();
        await Expect(result).ToContainTextAsync("that was the last attempt: the package is locked for today");
        await Expect(stop).ToHaveAttributeAsync("data-status", "OtpLocked");
        // Locked: no code entry any more, only the failure, with the reason already chosen.
        await Expect(page.GetByTestId("code-input")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("reason")).ToHaveValueAsync("OtpLocked");
        await page.GetByTestId("undeliverable-submit").ClickAsync();
        await Expect(result).ToContainTextAsync("Marked undeliverable. Take it back to the station by");
        await Expect(stop).ToHaveAttributeAsync("data-status", "AwaitingReturn");

        // A form still open when the package locked elsewhere: the 423 gets words, not a number.
        var otherPage = await SignedIn("driver", other.DriverId, "/driver", Phone, mobile: true);
        await otherPage.GetByTestId("stop").GetByTestId("open-stop").ClickAsync();
        for (var i = 0; i < 3; i++)
            await Seed.Send(HttpMethod.Post, $"/v1/driver/packages/{other.TrackingId}/otp", "driver", other.DriverId, new { code = "000000" }, Guid.NewGuid().ToString());
        await WrongCode(otherPage);
        await otherPage.GetByTestId("code-submit").ClickAsync();
        await Expect(otherPage.GetByTestId("attempt-result")).ToContainTextAsync("Locked: three wrong entries today.");

        // The station scans the failed package back in, on time.
        var stationPage = await SignedIn("station", station, "/station");
        await stationPage.GetByTestId("return-id").FillAsync(trackingId);
        await stationPage.GetByTestId("scan-return").ClickAsync();
        await Expect(stationPage.GetByTestId("return-result")).ToHaveTextAsync($"{trackingId} returned on time.");
        await Expect(stationPage.GetByTestId("return-result")).ToHaveAttributeAsync("data-on-time", "true");

        // Support excuses the failed day for the driver, and reissues the code for the next attempt.
        var supportPage = await SignedIn("support", Id("A"), "/support");
        await supportPage.GetByTestId("package-id").FillAsync(trackingId);
        await supportPage.GetByTestId("package-submit").ClickAsync();
        await Expect(supportPage.GetByTestId("support-status")).ToHaveAttributeAsync("data-status", "ReturnedToStation");
        await supportPage.GetByLabel("Why the failure should not count against the driver").FillAsync("Customer called: nobody home at 22:00.");
        await supportPage.GetByTestId("excuse-submit").ClickAsync();
        await Expect(supportPage.GetByTestId("support-result")).ToHaveTextAsync("Excused: the failure no longer counts against the driver.");
        await Expect(supportPage.GetByTestId("audit-entry").Filter(new() { HasText = "Excused" })).ToHaveCountAsync(1);
        await supportPage.GetByTestId("reissue-submit").ClickAsync();
        await Expect(supportPage.GetByTestId("support-result")).ToHaveTextAsync("A new code was emailed to the customer; the old one no longer works.");
    });

    [Fact]
    public Task When_the_code_is_missing_the_phone_digits_complete_the_delivery_once_a_day() => InBrowser(async () =>
    {
        var (trackingId, driver, _) = await OutForDelivery();
        var page = await SignedIn("driver", driver, "/driver", Phone, mobile: true);
        var stop = page.GetByTestId("stop").Filter(new() { HasText = trackingId });
        await Expect(stop.GetByTestId("fallback")).ToHaveTextAsync("Phone-digit fallback available");
        await stop.GetByTestId("open-stop").ClickAsync();
        await Expect(page.GetByTestId("fallback-input")).Not.ToBeVisibleAsync();
        await page.GetByTestId("fallback-open").ClickAsync();
        await Expect(page.GetByTestId("fallback-open")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.GetByTestId("fallback-input")).ToBeFocusedAsync();
        await page.GetByLabel("Last two digits of the customer's phone").FillAsync(Seed.PhoneLastTwo);
        await page.GetByTestId("fallback-submit").ClickAsync();
        await Expect(page.GetByTestId("attempt-result")).ToHaveTextAsync("Correct phone digits: delivered. Hand the package over.");
        await Expect(stop).ToHaveAttributeAsync("data-status", "Delivered");
        var audit = await Seed.Audit(trackingId);
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "attempt" && a.GetProperty("method").GetString() == "fallback");
    });

    [Fact]
    public Task A_dropped_connection_is_retried_with_the_same_idempotency_key_and_the_attempt_counts_once() => InBrowser(async () =>
    {
        var (trackingId, driver, _) = await OutForDelivery();
        var keys = new List<string>();
        var bodies = new List<string?>();
        // Set on the context before the page exists: a route set on a page already open has let a
        // request through unseen once on a loaded machine.
        var page = await SignedIn("driver", driver, "/driver", Phone, mobile: true, routes: context => context.RouteAsync("**/v1/driver/packages/*/otp", async route =>
        {
            int seen;
            lock (keys)
            {
                keys.Add(route.Request.Headers["idempotency-key"]);
                bodies.Add(route.Request.PostData);
                seen = keys.Count;
            }
            if (seen == 1)
            {
                // The gateway gets the entry and counts it; the answer is lost on the way back.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        }));

        await page.GetByTestId("stop").GetByTestId("open-stop").ClickAsync();
        await WrongCode(page);
        await page.GetByTestId("code-submit").ClickAsync();
        await Expect(page.GetByTestId("attempt-result")).ToHaveTextAsync("Wrong code. 2 attempts left today.");

        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.True(Guid.TryParse(keys[0], out _), keys[0]);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(2, (await Seed.Stop(driver, trackingId)).GetProperty("attemptsLeft").GetInt32());
        Assert.Single((await Seed.Audit(trackingId)).EnumerateArray(), a => a.GetProperty("action").GetString() == "attempt");

        // The next entry is a new entry: a new key.
        await WrongCode(page);
        await page.GetByTestId("code-submit").ClickAsync();
        await Expect(page.GetByTestId("attempt-result")).ToHaveTextAsync("Wrong code. 1 attempt left today.");
        Assert.Equal(3, keys.Count);
        Assert.NotEqual(keys[0], keys[2]);
    });

    [Fact]
    public Task With_no_connection_at_all_the_entry_waits_and_try_again_sends_it_with_its_key() => InBrowser(async () =>
    {
        var (trackingId, driver, _) = await OutForDelivery();
        var keys = new List<string>();
        var offline = true;
        var page = await SignedIn("driver", driver, "/driver", Phone, mobile: true, routes: context => context.RouteAsync("**/v1/driver/packages/*/otp", async route =>
        {
            lock (keys) keys.Add(route.Request.Headers["idempotency-key"]);
            if (offline) await route.AbortAsync("internetdisconnected");
            else await route.ContinueAsync();
        }));

        await page.GetByTestId("stop").GetByTestId("open-stop").ClickAsync();
        await WrongCode(page);
        await page.GetByTestId("code-submit").ClickAsync();
        await Expect(page.GetByTestId("attempt-result")).ToContainTextAsync("No connection");
        Assert.Equal(3, (await Seed.Stop(driver, trackingId)).GetProperty("attemptsLeft").GetInt32());

        offline = false;
        await page.GetByTestId("retry").ClickAsync();
        await Expect(page.GetByTestId("attempt-result")).ToHaveTextAsync("Wrong code. 2 attempts left today.");
        Assert.True(keys.Count >= 2);
        Assert.Single(keys.Distinct());
        Assert.Equal(2, (await Seed.Stop(driver, trackingId)).GetProperty("attemptsLeft").GetInt32());
    });

    [Fact]
    public Task On_a_phone_the_driver_app_fits_and_a_code_is_entered_with_the_keyboard_alone() => InBrowser(async () =>
    {
        var (trackingId, driver, _) = await OutForDelivery();
        var page = await SignedIn("driver", driver, "/driver", Phone, mobile: true);
        await Expect(page.GetByTestId("stop")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the itinerary scrolls sideways on a phone");

        // Tab to the stop's button, open it with Enter: the focus goes to the code field.
        var open = page.GetByTestId("open-stop");
        for (var i = 0; i < 25 && !await open.EvaluateAsync<bool>("b => b === document.activeElement"); i++) await page.Keyboard.PressAsync("Tab");
        await Expect(open).ToBeFocusedAsync();
        Assert.NotEqual("none", await open.EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        var input = page.GetByTestId("code-input");
        await Expect(input).ToBeFocusedAsync();
        Assert.NotEqual("none", await input.EvaluateAsync<string>("i => getComputedStyle(i).outlineStyle"));
        await Expect(input).ToHaveAccessibleNameAsync("Code from the customer (6 digits)");
        await Expect(page.GetByTestId("attempt-result")).ToHaveAttributeAsync("aria-live", "polite");

        await page.Keyboard.TypeAsync("000000");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("attempt-result")).ToHaveTextAsync("Wrong code. 2 attempts left today.");
        // The field is cleared and keeps the focus for the next try; Tab moves on to the name, then the button.
        await Expect(input).ToBeFocusedAsync();
        await Expect(input).ToHaveValueAsync("");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByTestId("recipient-input")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByTestId("code-submit")).ToBeFocusedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the door panel scrolls sideways on a phone");
        Assert.Equal(2, (await Seed.Stop(driver, trackingId)).GetProperty("attemptsLeft").GetInt32());
    });
}
