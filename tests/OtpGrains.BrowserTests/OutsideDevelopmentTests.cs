using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OtpGrains.BrowserTests;

/// <summary>Sign-in where there are no development tokens: a pasted token, or the carrier's OpenID Connect provider.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OutsideDevelopmentTests(PagesWorld world) : BrowserTest(world)
{
    private const string Authority = "https://idp.carrier.test";
    private const string ClientId = "otpgrains-pages";

    [Fact]
    public Task With_a_signing_key_signin_offers_no_development_tokens_and_a_pasted_token_works() => InBrowser(async () =>
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var host = new PagesHost("Production", ProductionSettings.WithSigningKey(key)).Started();
        using (var devTokens = await host.Http.PostAsync("/dev/tokens", JsonContent(new { role = "driver", subject = "D-1" })))
            Assert.Equal(HttpStatusCode.NotFound, devTokens.StatusCode);
        var config = JsonDocument.Parse(await host.Http.GetStringAsync("/pages/config.json")).RootElement;
        Assert.Equal("token", config.GetProperty("signIn").GetString());

        var page = await NewPage(host: host);
        await page.GotoAsync("/driver");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin", Arrived);
        await Expect(page.GetByTestId("signin-token")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signin-role")).Not.ToBeVisibleAsync();
        await Expect(page.GetByTestId("signin-submit")).Not.ToBeVisibleAsync();
        await page.GetByLabel("Access token").FillAsync(ProductionSettings.Token(key, "driver", "D-PROD"));
        await page.GetByTestId("signin-token-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/driver", Arrived);
        await Expect(page.GetByTestId("no-routes")).ToBeVisibleAsync();
    });

    [Fact]
    public Task With_an_authority_signin_runs_the_code_flow_with_pkce_and_calls_the_api_with_the_access_token() => InBrowser(async () =>
    {
        await using var host = new PagesHost("Production", ProductionSettings.WithAuthority(Authority, ClientId)).Started();
        var config = JsonDocument.Parse(await host.Http.GetStringAsync("/pages/config.json")).RootElement;
        Assert.Equal("oidc", config.GetProperty("signIn").GetString());
        Assert.Equal(Authority, config.GetProperty("authority").GetString());
        Assert.Equal(ClientId, config.GetProperty("clientId").GetString());
        using (var signin = await host.Http.GetAsync("/signin"))
            Assert.Contains($"connect-src 'self' {Authority};", signin.Headers.GetValues("Content-Security-Policy").Single());

        // The identity provider, played by the browser's network layer: no request leaves the machine.
        var accessToken = UnsignedToken(new { sub = "D-OIDC", role = "driver" });
        Dictionary<string, string>? authorize = null;
        Dictionary<string, string>? exchange = null;
        string? bearer = null;
        var page = await NewPage(host: host);
        var cors = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = host.Url, ["Content-Type"] = "application/json" };
        await page.Context.RouteAsync($"{Authority}/**", async route =>
        {
            var url = new Uri(route.Request.Url);
            switch (url.AbsolutePath)
            {
                case "/.well-known/openid-configuration":
                    await route.FulfillAsync(new() { Status = 200, Headers = cors, Body = JsonSerializer.Serialize(new
                    {
                        issuer = Authority,
                        authorization_endpoint = $"{Authority}/authorize",
                        token_endpoint = $"{Authority}/token",
                    }) });
                    break;
                case "/authorize":
                    authorize = Query(url.Query);
                    await route.FulfillAsync(new()
                    {
                        Status = 302,
                        Headers = new Dictionary<string, string> { ["Location"] = $"{host.Url}/signin?code=AUTH-CODE-1&state={Uri.EscapeDataString(authorize["state"])}" },
                    });
                    break;
                case "/token":
                    exchange = Query(route.Request.PostData ?? "");
                    await route.FulfillAsync(new() { Status = 200, Headers = cors, Body = JsonSerializer.Serialize(new { access_token = accessToken, token_type = "Bearer", expires_in = 3600 }) });
                    break;
                default:
                    await route.AbortAsync();
                    break;
            }
        });
        // The API would fetch the provider's keys to check the token; here the page's call is answered in the browser.
        await page.RouteAsync("**/v1/driver/itinerary*", async route =>
        {
            bearer = route.Request.Headers.TryGetValue("authorization", out var value) ? value : null;
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "{\"date\":\"2026-01-01\",\"routes\":[]}" });
        });

        await page.GotoAsync("/driver");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin", Arrived);
        await Expect(page.GetByTestId("signin-role")).Not.ToBeVisibleAsync();
        await page.GetByTestId("signin-oidc").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/driver", Arrived);
        await Expect(page.GetByTestId("no-routes")).ToBeVisibleAsync();

        Assert.NotNull(authorize);
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(ClientId, authorize["client_id"]);
        Assert.Equal($"{host.Url}/signin", authorize["redirect_uri"]);
        Assert.Equal("openid otpgrains-api", authorize["scope"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.NotNull(exchange);
        Assert.Equal("authorization_code", exchange["grant_type"]);
        Assert.Equal("AUTH-CODE-1", exchange["code"]);
        Assert.Equal(ClientId, exchange["client_id"]);
        Assert.Equal($"{host.Url}/signin", exchange["redirect_uri"]);
        Assert.InRange(exchange["code_verifier"].Length, 43, 128);
        Assert.Equal(authorize["code_challenge"], Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(exchange["code_verifier"]))));
        Assert.Equal("Bearer " + accessToken, bearer);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('otpgrains.oidc.verifier')"));
    });

    [Fact]
    public Task A_sign_in_answer_with_another_state_is_refused() => InBrowser(async () =>
    {
        await using var host = new PagesHost("Production", ProductionSettings.WithAuthority(Authority, ClientId)).Started();
        var page = await NewPage(host: host);
        await page.GotoAsync("/signin?code=STOLEN&state=forged");
        await Expect(page.GetByTestId("signin-result")).ToContainTextAsync("not for this tab");
        Assert.Equal($"{host.Url}/signin", page.Url);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('otpgrains.token')"));
    });

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static Dictionary<string, string> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string UnsignedToken(object claims) =>
        $"{Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"none\"}"))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}.";
}
