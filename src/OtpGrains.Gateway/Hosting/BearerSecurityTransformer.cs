using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// Declares the JWT bearer scheme the gateway authenticates with (AuthExtensions) and requires it on every
/// /v1 operation, so that generated clients and API explorers send the token. Every /v1 group calls
/// RequireAuthorization; /health and /dev/tokens are anonymous and stay without a requirement.
/// </summary>
public sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // AddComponent also registers the scheme in the document's workspace, which is what lets the
        // references below resolve and serialize as "$ref"-style requirement keys.
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the identity provider (in Development: POST /dev/tokens).",
        });

        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/v1/", StringComparison.Ordinal) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
            }
        }

        return Task.CompletedTask;
    }
}
