using System.ComponentModel.DataAnnotations;

namespace OtpGrains.Gateway.Pages;

/// <summary>
/// The <c>Pages</c> section: whether the gateway serves its pages, and how they sign people in
/// outside Development (an OpenID Connect public client at <c>Auth:Authority</c>).
/// </summary>
public sealed class PagesOptions
{
    public const string Section = "Pages";

    /// <summary>False: every page route and page asset answers 404; the API is unchanged.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The pages' client id at the identity provider (a public client: no secret, PKCE).</summary>
    [RegularExpression("^[\\x21-\\x7E]{1,200}$", ErrorMessage = "Pages:ClientId must be 1-200 printable ASCII characters without spaces.")]
    public string? ClientId { get; set; }

    /// <summary>Scopes the pages ask for besides <c>openid</c> (space-separated), e.g. the API's scope.</summary>
    [RegularExpression("^[\\x21-\\x7E]+( [\\x21-\\x7E]+)*$", ErrorMessage = "Pages:Scope must be space-separated printable ASCII scope names.")]
    public string? Scope { get; set; }

    /// <summary>Binds the section, refusing unknown keys, unparsable values and, with an authority, a missing client id.</summary>
    public static PagesOptions Read(IConfiguration configuration, TokenOptions tokens, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        PagesOptions settings;
        try { settings = section.Get<PagesOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new PagesOptions(); }
        catch (InvalidOperationException e) { throw new InvalidOperationException($"The {Section} section is invalid: {e.Message}", e); }

        // An empty value (a blanked environment variable) means "not set", not an empty client id.
        if (string.IsNullOrWhiteSpace(settings.ClientId)) settings.ClientId = null;
        if (string.IsNullOrWhiteSpace(settings.Scope)) settings.Scope = null;
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
            throw new InvalidOperationException(results[0].ErrorMessage);
        if (settings.Enabled && tokens.Authority is not null && !environment.IsDevelopment() && settings.ClientId is null)
            throw new InvalidOperationException(
                "Pages:ClientId is required with Auth:Authority: the pages sign people in as that OpenID Connect client (or set Pages:Enabled=false).");
        return settings;
    }
}
