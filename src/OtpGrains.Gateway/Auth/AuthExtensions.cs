using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Gateway.Auth;

/// <summary>JWT bearer authentication and the role policies.</summary>
public static class AuthExtensions
{
    public static WebApplicationBuilder AddOtpAuth(this WebApplicationBuilder builder)
    {
        var settings = TokenOptions.Read(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // The contract's claims are "sub" and "role"; mapping them to long SOAP claim types would
            // only make the code and the tokens disagree.
            o.MapInboundClaims = false;
            // The challenge of a refused token is a bare "Bearer": why it was refused (expired, issuer,
            // audience, key) would help whoever is probing, so it goes to the server log instead.
            o.IncludeErrorDetails = false;
            o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    LogRejection(context.HttpContext, $"{context.Exception.GetType().Name}: {context.Exception.Message}");
                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    // The one place every route relies on: the caller's id is the token's sub, so a token
                    // without one (missing, empty or blank) authenticates no one, whatever its role.
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(TokenClaims.Subject)?.Value))
                    {
                        LogRejection(context.HttpContext, "the token has no subject (sub)");
                        context.Fail("The token has no subject.");
                    }
                    return Task.CompletedTask;
                },
            };
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = TokenClaims.Subject,
                RoleClaimType = TokenClaims.Role,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (settings.Authority is { } authority)
            {
                o.Authority = authority;
                o.Audience = settings.Audience;
                o.TokenValidationParameters.ValidAudience = settings.Audience;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = settings.Issuer;
                o.TokenValidationParameters.ValidAudience = settings.Audience;
                o.TokenValidationParameters.IssuerSigningKey = settings.SigningKey;
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });

        var policies = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
            policies.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireRole(role));
        policies.AddPolicy(Roles.SupportOrDriver, p => p.RequireAuthenticatedUser().RequireRole(Roles.Support, Roles.Driver));

        if (builder.Environment.IsDevelopment() && settings.SigningKey is not null)
            builder.Services.AddSingleton<DevTokenIssuer>();
        return builder;
    }

    /// <summary>
    /// Why a bearer token was refused, for the operator. IdentityModel's messages hide token contents
    /// (PII off); the token itself is cut out in case a message ever quotes it.
    /// </summary>
    private static void LogRejection(HttpContext http, string reason)
    {
        var token = http.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : "";
        if (token.Length > 0) reason = reason.Replace(token, "[token]", StringComparison.Ordinal);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthExtensions).FullName!)
            .LogInformation("Bearer token rejected on {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, reason);
    }
}
