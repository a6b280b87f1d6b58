using OtpGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OtpGrains.Hosting.Telemetry;

/// <summary>
/// The management address of a process (<c>Management:Urls</c>, semicolon-separated): where
/// <c>/metrics</c> (Prometheus text) and, on the silo, <c>/health/live</c> and <c>/health/ready</c> answer.
/// </summary>
public static class ManagementEndpoints
{
    public const string UrlsKey = "Management:Urls";
    public const string MetricsPath = "/metrics";

    /// <summary>The health-check tag that <c>/health/ready</c> runs; <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    public static bool IsManagementPath(PathString path) => path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");

    /// <summary>
    /// Listens on <c>Management:Urls</c>. With <paramref name="defaultUrls"/> (the silo) that is the
    /// process's only listener, <paramref name="defaultUrls"/> when unset. Without it (the gateway) the
    /// management endpoints share the API listener unless <c>Management:Urls</c> names other addresses,
    /// which are then added and are the only ones that serve <c>/metrics</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Management:Urls</c> holds something that is not a listen address.</exception>
    public static WebApplicationBuilder AddManagementListener(this WebApplicationBuilder builder, string? defaultUrls = null)
    {
        builder.Services.AddKnownSettings("Management", "Urls");
        var configured = ReadUrls(builder.Configuration);
        ManagementScope scope;
        if (defaultUrls is not null)
        {
            builder.WebHost.UseUrls([.. configured ?? ReadUrls(defaultUrls)!]);
            scope = ManagementScope.Everywhere;
        }
        else if (configured is not null)
        {
            var api = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            builder.WebHost.UseUrls([.. Split(api), .. configured]);
            scope = new ManagementScope(configured.Select(url => BindingAddress.Parse(url).Port).ToHashSet());
        }
        else
        {
            scope = ManagementScope.Everywhere;
        }
        builder.Services.AddSingleton(scope);
        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> on the management address. Put it first in the pipeline: a scrape is
    /// neither authenticated nor rate-limited, and carries nothing secret or personal.
    /// </summary>
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app)
    {
        var scope = app.ApplicationServices.GetRequiredService<ManagementScope>();
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == MetricsPath && scope.Serves(http.Connection.LocalPort));
    }

    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the checks tagged <see cref="ReadyTag"/> pass).</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    private static IReadOnlyList<string>? ReadUrls(IConfiguration configuration) => ReadUrls(configuration[UrlsKey]);

    private static IReadOnlyList<string>? ReadUrls(string? value)
    {
        var urls = Split(value);
        if (urls.Length == 0) return null;
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                address = null!;
            }
            if (address is null || address.Scheme != "http" || address.Port <= 0)
                throw new InvalidOperationException($"{UrlsKey} must be listen addresses with a port such as http://127.0.0.1:18080 or http://0.0.0.0:18080, not '{url}'.");
        }
        return urls;
    }

    private static string[] Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Which local ports serve the management endpoints; none named means every listener does.</summary>
public sealed class ManagementScope(IReadOnlySet<int> ports)
{
    public static readonly ManagementScope Everywhere = new(new HashSet<int>());

    public bool Serves(int localPort) => ports.Count == 0 || ports.Contains(localPort);
}
