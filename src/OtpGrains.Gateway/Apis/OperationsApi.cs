using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OtpGrains.Gateway.Apis;

/// <summary>Operations: health probes, the OpenAPI document, and development tokens (Development only).</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth }).WithTags("Operations");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
            {
                Predicate = c => c.Tags.Contains(ClusterHealthCheck.ReadyTag),
                ResponseWriter = WriteHealth,
                // Degraded (storage down, cluster up) still serves: reads answer, writes answer 503 themselves.
                ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK },
            })
            .WithTags("Operations");
        app.MapOpenApi();

        // Outside Development the route does not exist at all, so it answers 404 like any unknown path.
        if (environment.IsDevelopment() && app.ServiceProvider.GetService<DevTokenIssuer>() is not null)
            app.MapPost("/dev/tokens", IssueDevToken).WithName(nameof(IssueDevToken)).WithTags("Operations").AllowAnonymous().WithProblems(413, 415, 429);
        return app;
    }

    /// <summary>A token for any role and subject, signed with the development key.</summary>
    public static Results<Ok<DevTokenResponse>, ValidationProblem> IssueDevToken(DevTokenRequest request, DevTokenIssuer issuer)
    {
        var errors = new InputErrors().Id("subject", request.Subject);
        if (!Roles.All.Contains(request.Role)) errors.Add("role", $"must be one of {string.Join(", ", Roles.All)}");
        if (errors.Any) return errors.Problem();
        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(request.Role, request.Subject)));
    }

    /// <summary>
    /// Healthy or Degraded: a JSON status with one entry per check. Unhealthy: a 503 problem, like
    /// every other error, with the same entries.
    /// </summary>
    private static Task WriteHealth(HttpContext http, HealthReport report)
    {
        var entries = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description });
        if (report.Status != HealthStatus.Unhealthy)
            return http.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), entries });
        return http.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Not ready",
            string.Join(" ", report.Entries.Select(e => e.Value.Description)), entries).AsTask();
    }
}

/// <summary>A development token for <c>role</c> with <c>subject</c> as its <c>sub</c>.</summary>
public sealed record DevTokenRequest(string Role, string Subject);

public sealed record DevTokenResponse(string Token);
