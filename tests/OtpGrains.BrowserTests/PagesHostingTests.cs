using System.Text.Json;

namespace OtpGrains.BrowserTests;

/// <summary>How the gateway serves the pages: on or off, headers, assets, settings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesHostingTests(PagesWorld world)
{
    private static readonly string[] PageRoutes = ["/signin", "/track", "/track/PKG-1", "/driver", "/station", "/support"];

    [Fact]
    public async Task Every_page_carries_a_strict_content_security_policy_and_is_never_cached()
    {
        foreach (var route in PageRoutes)
        {
            using var response = await world.Gateway.Http.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self';", policy);
            Assert.Contains("default-src 'none';", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe", policy);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            using var head = await world.Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, route));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }
    }

    [Fact]
    public async Task Assets_are_served_with_their_types_and_nothing_else_of_the_web_root_is()
    {
        using (var script = await world.Gateway.Http.GetAsync("/pages/driver.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
        using (var style = await world.Gateway.Http.GetAsync("/pages/app.css"))
            Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        foreach (var path in new[] { "/pages/nothing.js", "/pages/..%2Fappsettings.json", "/pages/driver.html", "/appsettings.json" })
        {
            using var response = await world.Gateway.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var config = JsonDocument.Parse(await world.Gateway.Http.GetStringAsync("/pages/config.json")).RootElement;
        Assert.Equal("development", config.GetProperty("signIn").GetString());
    }

    [Fact]
    public async Task Loading_pages_does_not_spend_the_anonymous_rate_limit()
    {
        await using var host = new PagesHost(extra: new() { ["RateLimits:AnonymousPerMinute"] = "2" }).Started();
        for (var i = 0; i < 6; i++)
        {
            using var response = await host.Http.GetAsync(i % 2 == 0 ? "/driver" : "/pages/app.js");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var unauthorized = await host.Http.GetAsync("/v1/driver/itinerary?date=2026-01-01");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task With_pages_disabled_every_page_and_asset_is_404_and_the_api_still_answers()
    {
        await using var host = new PagesHost(extra: new() { ["Pages:Enabled"] = "false" }).Started();
        foreach (var path in PageRoutes.Append("/pages/app.js").Append("/pages/config.json"))
        {
            using var response = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using var health = await host.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
