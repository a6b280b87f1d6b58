using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace OtpGrains.Gateway.Pages;

/// <summary>
/// The people's pages: plain HTML, CSS and JavaScript from <c>wwwroot/pages</c>, calling the same
/// <c>/v1</c> API with the user's token. Nothing here reads a package: the pages hold no data of their
/// own, so a page route answers the same for everyone and the API decides who sees what.
/// </summary>
public static class PagesApi
{
    public const string AssetPath = "/pages";

    /// <summary>The page each route serves; each page asks for the role it needs itself.</summary>
    private static readonly (string Route, string File)[] Routes =
    [
        ("/signin", "signin.html"),
        ("/track", "track.html"),
        ("/track/{trackingId}", "track.html"),
        ("/driver", "driver.html"),
        ("/station", "station.html"),
        ("/support", "support.html"),
    ];

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplication MapOtpPages(this WebApplication app)
    {
        var settings = PagesOptions.Read(app.Configuration, app.Services.GetRequiredService<TokenOptions>(), app.Environment);
        // Off means off: no page and no asset exists, so every page path is a plain 404.
        if (!settings.Enabled) return app;

        var files = app.Environment.WebRootFileProvider.GetDirectoryContents("pages");
        // The build and publish copy wwwroot next to the gateway's assembly, so a gateway started from
        // another working directory (a service manager, a test) still finds its pages.
        if (!files.Exists) files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")).GetDirectoryContents("pages");
        if (!files.Exists)
            throw new InvalidOperationException($"The pages are missing from {Path.Combine(app.Environment.WebRootPath ?? "wwwroot", "pages")}; publish wwwroot or set Pages:Enabled=false.");
        var assets = files.Where(f => !f.IsDirectory && ContentTypes.TryGetContentType(f.Name, out _) && !f.Name.EndsWith(".html", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, StringComparer.Ordinal);
        var pages = files.Where(f => f.Name.EndsWith(".html", StringComparison.Ordinal)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var signIn = SignInConfig.For(app, settings);
        var policy = ContentSecurityPolicy(signIn.Authority);

        // Pages and assets are the same bytes for everyone: no token, no rate limit (the anonymous
        // limiter is there for token requests and 401s, not for loading a script), no OpenAPI entry.
        var group = app.MapGroup("").AllowAnonymous().DisableRateLimiting().ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                Secure(context.HttpContext.Response, policy);
                return await next(context);
            });
        foreach (var (route, file) in Routes)
        {
            var page = pages.TryGetValue(file, out var found) ? found : throw new InvalidOperationException($"The page {file} is missing from wwwroot/pages.");
            group.MapMethods(route, ReadMethods, (HttpContext http) =>
            {
                // A page may show a code: never keep it in a cache.
                http.Response.Headers.CacheControl = "no-store";
                return Serve(page, "text/html; charset=utf-8");
            });
        }
        group.MapMethods($"{AssetPath}/config.json", ReadMethods, () => TypedResults.Json(signIn));
        group.MapMethods($"{AssetPath}/{{file}}", ReadMethods, (string file, HttpContext http) =>
        {
            if (!assets.TryGetValue(file, out var asset) || !ContentTypes.TryGetContentType(file, out var type)) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache";
            return Serve(asset, type);
        });
        return app;
    }

    private static IResult Serve(IFileInfo file, string contentType) =>
        file.PhysicalPath is { } path
            ? TypedResults.PhysicalFile(path, contentType, lastModified: file.LastModified)
            : TypedResults.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified);

    /// <summary>
    /// Scripts and styles only from this origin (no inline script, no eval), API calls only to this
    /// origin and the identity provider, no framing, no referrer (a tracking id stays on this site).
    /// </summary>
    private static string ContentSecurityPolicy(string? authority)
    {
        var connect = authority is null ? "'self'" : $"'self' {new Uri(authority).GetLeftPart(UriPartial.Authority)}";
        return $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src {connect}; " +
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static void Secure(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}

/// <summary>
/// What <c>/signin</c> needs to know, served as <c>/pages/config.json</c>: <c>development</c> (the
/// picker over <c>/dev/tokens</c>), <c>oidc</c> (authorization code with PKCE at the authority, as the
/// public client <c>clientId</c>) or <c>token</c> (a signing-key deployment with no identity provider:
/// the user pastes a token the carrier issued).
/// </summary>
public sealed record SignInConfig(string SignIn, string? Authority, string? ClientId, string? Scope)
{
    public const string Development = "development";
    public const string OpenIdConnect = "oidc";
    public const string PastedToken = "token";

    public static SignInConfig For(WebApplication app, PagesOptions settings)
    {
        var tokens = app.Services.GetRequiredService<TokenOptions>();
        if (app.Environment.IsDevelopment() && app.Services.GetService<DevTokenIssuer>() is not null)
            return new SignInConfig(Development, null, null, null);
        if (tokens.Authority is { } authority && settings.ClientId is { } clientId)
            return new SignInConfig(OpenIdConnect, authority.TrimEnd('/'), clientId, settings.Scope);
        return new SignInConfig(PastedToken, null, null, null);
    }
}
