using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Gateway.Auth;

/// <summary>JWT bearer authentication and the role policies.</summary>
public static class AuthSetup
{
    public static WebApplicationBuilder AddOtpAuth(this WebApplicationBuilder builder)
    {
        var settings = TokenSettings.Read(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // The contract's claims are "sub" and "role"; mapping them to long SOAP claim types would
            // only make the code and the tokens disagree.
            o.MapInboundClaims = false;
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
            policies.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireClaim(TokenClaims.Subject).RequireRole(role));
        policies.AddPolicy(Roles.SupportOrDriver, p => p.RequireAuthenticatedUser().RequireClaim(TokenClaims.Subject).RequireRole(Roles.Support, Roles.Driver));

        if (builder.Environment.IsDevelopment() && settings.SigningKey is not null)
            builder.Services.AddSingleton<DevTokenIssuer>();
        return builder;
    }
}
