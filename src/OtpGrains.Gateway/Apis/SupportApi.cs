namespace OtpGrains.Gateway.Apis;

/// <summary>Support agents: the audit trail, excusing a driver's failure, reissuing a code, and driver reliability.</summary>
public static class SupportApi
{
    public static IEndpointRouteBuilder MapSupportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/support/packages/{trackingId}").WithTags("Support").RequireAuthorization(Roles.Support).WithAuthenticatedProblems();
        api.MapGet("/", GetSupportPackage).WithName(nameof(GetSupportPackage));
        api.MapPost("/excuse", ExcuseFailure).WithName(nameof(ExcuseFailure)).WithBodyProblems().WithProblems(409);
        api.MapPost("/reissue-code", ReissueCode).WithName(nameof(ReissueCode)).WithProblems(409);

        // Support sees every driver; a driver sees only themselves.
        app.MapGroup("/v1/drivers/{driverId}").WithTags("Support").RequireAuthorization(Roles.SupportOrDriver).WithAuthenticatedProblems()
            .MapGet("/reliability", GetReliability).WithName(nameof(GetReliability));
        return app;
    }

    /// <summary>The package and its audit trail: every attempt, fallback and status change, never a code.</summary>
    public static async Task<Results<Ok<SupportPackageResponse>, ValidationProblem, ProblemHttpResult>> GetSupportPackage(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).GetSupportView());
        return result is { IsOk: true, Value: { } view } ? TypedResults.Ok(SupportPackageResponse.From(view)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Excuses the last failed delivery day for its driver (within 7 days).</summary>
    public static async Task<Results<Ok<PackageResponse>, ValidationProblem, ProblemHttpResult>> ExcuseFailure(
        string trackingId, ExcuseRequest request, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId).Text("note", request.Note, Input.MaxNoteLength, required: true);
        if (errors.Any) return errors.Problem();
        var agentId = services.Subject;
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).Excuse(agentId, request.Note));
        return result is { IsOk: true, Value: { } view } ? TypedResults.Ok(PackageResponse.From(view)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Emails a new code; the old one stops working.</summary>
    public static async Task<Results<Ok<PackageResponse>, ValidationProblem, ProblemHttpResult>> ReissueCode(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var agentId = services.Subject;
        // One id for this HTTP request: the gateway's retries of it reissue once at the grain.
        var requestId = Guid.NewGuid().ToString("N");
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).ReissueCode(agentId, requestId));
        return result is { IsOk: true, Value: { } view } ? TypedResults.Ok(PackageResponse.From(view)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>A driver's reliability over the rolling window.</summary>
    public static async Task<Results<Ok<ReliabilityResponse>, ValidationProblem, ProblemHttpResult>> GetReliability(
        string driverId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("driverId", driverId);
        if (errors.Any) return errors.Problem();
        if (!services.User.IsInRole(Roles.Support) && services.Subject != driverId) return FaultProblems.NotFound();
        var report = await services.Call(g => g.Reference<IDriverGrain>(driverId).GetReliability());
        return TypedResults.Ok(ReliabilityResponse.From(report));
    }
}

/// <summary>Support's view: the package and its audit trail (which never holds a code).</summary>
public sealed record SupportPackageResponse(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    IReadOnlyList<OtpReason> OtpReasons,
    string? CustomerId,
    string? StationId,
    IReadOnlyList<AuditResponse> Audit)
{
    public static SupportPackageResponse From(SupportPackageView v) => new(
        v.Package.TrackingId, v.Package.Status, v.Package.OtpRequired, v.Package.OtpReasons, v.CustomerId, v.StationId,
        v.Audit.Select(a => new AuditResponse(a.At, a.Actor, a.Action, a.Outcome, a.Method)).ToList());
}

public sealed record AuditResponse(DateTimeOffset At, string Actor, string Action, string Outcome, string? Method);

/// <summary>Why support excuses the driver's last failed delivery day.</summary>
public sealed record ExcuseRequest(string Note);

/// <summary>
/// A driver's record over the rolling window. <c>undeliverable</c> is the total; <c>undeliverableByReason</c>
/// splits it. <c>reliability</c> is null before any finished stop.
/// </summary>
public sealed record ReliabilityResponse(
    string DriverId,
    int WindowDays,
    int Assigned,
    int Delivered,
    int Undeliverable,
    IReadOnlyDictionary<UndeliverableReason, int> UndeliverableByReason,
    int Excused,
    int RemovedBeforeStart,
    int LateReturns,
    int FallbackDeliveries,
    double? Reliability)
{
    public static ReliabilityResponse From(ReliabilityReport r) => new(
        r.DriverId, r.WindowDays, r.Assigned, r.Delivered, r.Undeliverable.Values.Sum(), r.Undeliverable,
        r.Excused, r.RemovedBeforeStart, r.LateReturns, r.FallbackDeliveries, r.Reliability);
}
