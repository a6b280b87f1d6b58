namespace OtpGrains.BrowserTests;

/// <summary>The seed's story, every person on their own page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeliveryDayTests(PagesWorld world) : BrowserTest(world)
{
    [Fact]
    public Task A_whole_delivery_day_runs_through_the_pages() => InBrowser(async () =>
    {
        var station = Id("S");
        var driver = Id("D");
        var customer = Id("C");
        var laptop = await Seed.Shipped(customer, station, otp: true);
        var book = await Seed.Shipped(Id("C"), station, otp: false);
        var tablet = await Seed.Shipped(Id("C"), station, otp: true);

        // Station staff build a late route: the OTP stops are warned about, and one is taken off before the block starts.
        var stationPage = await SignedIn("station", station, "/station", capture: "signin");
        await stationPage.GetByLabel("Route id").FillAsync(Id("R"));
        await stationPage.GetByLabel("Driver id").FillAsync(driver);
        await Expect(stationPage.GetByLabel("Delivery day")).ToHaveValueAsync(Seed.Day(StationZone.Today));
        await stationPage.GetByLabel("Block starts").FillAsync("21:30");
        await stationPage.GetByLabel("Block ends").FillAsync("23:00");
        await stationPage.GetByLabel("Tracking numbers").FillAsync($"{laptop}\n{book}\n{tablet}");
        await stationPage.GetByTestId("build-route").ClickAsync();
        await Expect(stationPage.GetByTestId("route-result")).ToContainTextAsync("3 stops, 2 with a warning");
        var laptopStop = stationPage.GetByTestId("route-stop").Filter(new() { HasText = laptop });
        await Expect(laptopStop.GetByTestId("warnings")).ToBeVisibleAsync();
        await Expect(stationPage.GetByTestId("route-stop").Filter(new() { HasText = book }).GetByTestId("warnings")).ToHaveCountAsync(0);
        await stationPage.GetByTestId("route-stop").Filter(new() { HasText = tablet }).GetByTestId("remove-stop").ClickAsync();
        await Expect(stationPage.GetByTestId("remove-result")).ToContainTextAsync($"{tablet} is off the route");
        await ReadmeImages.Capture(stationPage, "station");

        // The customer reads the code at the top of the tracking page.
        var customerPage = await SignedIn("customer", customer, $"/track/{laptop}");
        var code = (await customerPage.GetByTestId("otp").TextContentAsync())!.Trim();
        Assert.Matches("^[0-9]{6}$", code);
        await Expect(customerPage.GetByTestId("status")).ToHaveAttributeAsync("data-status", "OutForDelivery");
        await Expect(customerPage.GetByTestId("delivery-date")).ToHaveTextAsync(Seed.Day(StationZone.Today));
        await ReadmeImages.Capture(customerPage, "track");

        // The driver (on a phone) sees today's itinerary with the OTP stop labelled, and enters a wrong code, then the right one.
        var driverPage = await SignedIn("driver", driver, "/driver", Phone, mobile: true);
        await Expect(driverPage.GetByTestId("stop")).ToHaveCountAsync(2);
        var stop = driverPage.GetByTestId("stop").Filter(new() { HasText = laptop });
        await Expect(stop.GetByTestId("otp-label")).ToHaveTextAsync("OTP");
        await Expect(stop.GetByTestId("attempts-left")).ToHaveTextAsync("3 attempts left");
        await Expect(stop.GetByTestId("fallback")).ToHaveTextAsync("Phone-digit fallback available");
        await Expect(stop.GetByTestId("warnings")).ToBeVisibleAsync();
        await stop.GetByTestId("open-stop").ClickAsync();
        await driverPage.GetByTestId("code-input").FillAsync(code == "000000" ? "111111" : "000000");
        await driverPage.GetByTestId("code-submit").ClickAsync();
        await Expect(driverPage.GetByTestId("attempt-result")).ToHaveTextAsync("Wrong code. 2 attempts left today.");
        await Expect(stop.GetByTestId("attempts-left")).ToHaveTextAsync("2 attempts left");
        await ReadmeImages.Capture(driverPage, "driver");
        await driverPage.GetByTestId("code-input").FillAsync(code);
        await driverPage.GetByTestId("recipient-input").FillAsync("Sam Neighbour");
        await driverPage.GetByTestId("code-submit").ClickAsync();
        await Expect(driverPage.GetByTestId("attempt-result")).ToContainTextAsync("Correct code: delivered");
        await Expect(stop).ToHaveAttributeAsync("data-status", "Delivered");

        // The package without a code is handed over with the plain delivered command.
        await driverPage.GetByTestId("stop").Filter(new() { HasText = book }).GetByTestId("open-stop").ClickAsync();
        await driverPage.GetByTestId("delivered-submit").ClickAsync();
        await Expect(driverPage.GetByTestId("attempt-result")).ToHaveTextAsync("Delivered.");

        // The customer's page now says who received it, and no longer shows the code.
        await customerPage.ReloadAsync();
        await Expect(customerPage.GetByTestId("status")).ToHaveAttributeAsync("data-status", "Delivered");
        await Expect(customerPage.GetByTestId("received-by")).ToHaveTextAsync("Sam Neighbour");
        await Expect(customerPage.GetByTestId("otp")).ToHaveCountAsync(0);
        await Expect(customerPage.GetByTestId("report-missing")).ToBeVisibleAsync();

        // Support reads the audit trail: both entries, and never the code.
        var supportPage = await SignedIn("support", Id("A"), "/support");
        // The gateway reports the day's abuse signals (issue 11): the page shows what the route answered.
        await Expect(supportPage.GetByTestId("signals")).ToContainTextAsync("Active Drivers");
        await Expect(supportPage.GetByTestId("signals-unavailable")).ToHaveCountAsync(0);
        await supportPage.GetByLabel("Tracking number").FillAsync(laptop);
        await supportPage.GetByTestId("package-submit").ClickAsync();
        await Expect(supportPage.GetByTestId("support-status")).ToHaveAttributeAsync("data-status", "Delivered");
        var attempts = supportPage.GetByTestId("audit-entry").Filter(new() { HasText = "Attempt" });
        await Expect(attempts).ToHaveCountAsync(2);
        await Expect(attempts.Nth(0)).ToContainTextAsync("WrongCode");
        await Expect(attempts.Nth(1)).ToContainTextAsync("Delivered");
        Assert.DoesNotContain(code, await supportPage.Locator("main").InnerTextAsync());

        // And the driver's record: two deliveries, shown as numbers and as a chart.
        await supportPage.GetByLabel("Driver id").FillAsync(driver);
        await supportPage.GetByTestId("driver-submit").ClickAsync();
        await Expect(supportPage.GetByTestId("reliability-chart")).ToBeVisibleAsync();
        var driverSignals = supportPage.GetByTestId("driver-signals");
        await Expect(driverSignals).ToContainTextAsync("Wrong Entries");
        await Expect(driverSignals).ToContainTextAsync("Over Thresholds");
        await Expect(driverSignals.GetByTestId("signals-unavailable")).ToHaveCountAsync(0);
        await ReadmeImages.Capture(supportPage, "support");
    });
}
