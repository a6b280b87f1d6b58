using Orleans.Dashboard;

namespace OtpGrains.Gateway.Apis;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>: grains, silos and call rates across the cluster, for the
/// support role only (401 without a token, 403 for every other role). A browser does not send a bearer
/// header when it navigates, so operators put it behind a proxy that signs support staff in and adds
/// the header (docs/metrics.md, "Orleans Dashboard"); the rule here stays the same either way.
/// </summary>
public static class DashboardApi
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        // Not part of the API contract, so it stays out of the OpenAPI document.
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(Roles.Support).ExcludeFromDescription();
        return app;
    }
}
