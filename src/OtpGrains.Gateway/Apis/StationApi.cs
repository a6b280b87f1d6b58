namespace OtpGrains.Gateway.Apis;

/// <summary>Station staff: build routes, remove stops before a route starts, scan returns. Only their own station.</summary>
public static class StationApi
{
    public static RouteGroupBuilder MapStationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/stations/{stationId}").WithTags("Station").RequireAuthorization(Roles.Station).WithAuthenticatedProblems();
        api.MapPut("/routes/{routeId}", BuildRoute).WithName(nameof(BuildRoute)).WithBodyProblems().WithProblems(409);
        api.MapDelete("/routes/{routeId}/stops/{trackingId}", RemoveStop).WithName(nameof(RemoveStop)).WithProblems(409);
        api.MapPost("/returns/{trackingId}", ScanReturn).WithName(nameof(ScanReturn)).WithProblems(409);
        return api;
    }

    /// <summary>Builds (or rebuilds, until its block starts) a route and puts each package out for delivery.</summary>
    public static async Task<Results<Ok<RouteResponse>, ValidationProblem, ProblemHttpResult>> BuildRoute(
        string stationId, string routeId, BuildRouteRequest request, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("stationId", stationId).Id("routeId", routeId).Id("driverId", request.DriverId);
        var date = errors.Date("date", request.Date, services.Dates);
        var blockStart = errors.Time("blockStart", request.BlockStart);
        var blockEnd = errors.Time("blockEnd", request.BlockEnd);
        if (request.TrackingIds.Count is 0 or > Input.MaxStops) errors.Add("trackingIds", $"must hold 1-{Input.MaxStops} tracking ids");
        for (var i = 0; i < Math.Min(request.TrackingIds.Count, Input.MaxStops); i++) errors.Id($"trackingIds[{i}]", request.TrackingIds[i]);
        if (errors.Any) return errors.Problem();
        if (!OwnStation(stationId, services)) return FaultProblems.NotFound();

        var plan = new BuildRoute(request.DriverId, date, blockStart, blockEnd, [.. request.TrackingIds]);
        var result = await services.Call(g => g.Reference<IRouteGrain>(GrainKeys.Route(stationId, routeId)).Build(plan));
        return result is { IsOk: true, Value: { } route } ? TypedResults.Ok(RouteResponse.From(route)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Takes a stop off a route before its block starts; 409 <c>route-started</c> after.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveStop(
        string stationId, string routeId, string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("stationId", stationId).Id("routeId", routeId).Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        if (!OwnStation(stationId, services)) return FaultProblems.NotFound();
        var result = await services.Call(g => g.Reference<IRouteGrain>(GrainKeys.Route(stationId, routeId)).RemoveStop(trackingId));
        return result.IsOk ? TypedResults.NoContent() : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Scans a failed package back in at the station.</summary>
    public static async Task<Results<Ok<ReturnScanResponse>, ValidationProblem, ProblemHttpResult>> ScanReturn(
        string stationId, string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("stationId", stationId).Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        if (!OwnStation(stationId, services)) return FaultProblems.NotFound();
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).ScanReturn(stationId));
        return result is { IsOk: true, Value: { } scan }
            ? TypedResults.Ok(new ReturnScanResponse(scan.TrackingId, scan.Status, scan.OnTime))
            : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Another station's resources answer 404, as if they did not exist.</summary>
    private static bool OwnStation(string stationId, GatewayServices services) => string.Equals(services.Subject, stationId, StringComparison.Ordinal);
}

/// <summary>Station staff's plan for one driver's block: date <c>yyyy-MM-dd</c>, times <c>HH:mm</c> station-local.</summary>
public sealed record BuildRouteRequest(string DriverId, string Date, string BlockStart, string BlockEnd, IReadOnlyList<string> TrackingIds);

/// <summary>A built route and its stops, with warnings for OTP stops outside customer-friendly hours.</summary>
public sealed record RouteResponse(string RouteId, string DriverId, string Date, string BlockStart, string BlockEnd, IReadOnlyList<RouteStopResponse> Stops)
{
    public static RouteResponse From(RouteState route) => new(
        route.RouteId, route.DriverId, Input.Format(route.Date), Input.Format(route.BlockStart), Input.Format(route.BlockEnd),
        route.Stops.Select(s => new RouteStopResponse(s.TrackingId, s.OtpRequired, s.Warnings)).ToList());
}

public sealed record RouteStopResponse(string TrackingId, bool OtpRequired, IReadOnlyList<string> Warnings);

/// <summary>A return scan; <c>onTime</c> is false after the return deadline.</summary>
public sealed record ReturnScanResponse(string TrackingId, PackageStatus Status, bool OnTime);
