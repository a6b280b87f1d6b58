namespace OtpGrains.Gateway.Apis;

/// <summary>
/// Support's signals of drivers guessing at the door: per driver and UTC day, and the day's drivers over
/// the thresholds (<c>Policy:SignalWrongEntryRate</c>, <c>Policy:SignalMinEntries</c>,
/// <c>Policy:SignalFallbackShare</c>, or any refusal by a driver budget). Counts and shares only.
/// </summary>
public static class SignalsApi
{
    public static RouteGroupBuilder MapSignalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/support").WithTags("Support").RequireAuthorization(Roles.Support).WithAuthenticatedProblems();
        api.MapGet("/drivers/{driverId}/signals", GetDriverSignals).WithName(nameof(GetDriverSignals));
        api.MapGet("/signals", GetFlaggedDrivers).WithName(nameof(GetFlaggedDrivers));
        return api;
    }

    /// <summary>One driver's entries at the door on <c>date</c> (UTC): wrong-entry rate, locks, fallbacks, refusals.</summary>
    public static async Task<Results<Ok<DriverSignalsResponse>, ValidationProblem>> GetDriverSignals(
        string driverId, string? date, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("driverId", driverId);
        var day = errors.ReportDate("date", date, services.Dates);
        if (errors.Any) return errors.Problem();
        var signals = await services.Call(g => g.Reference<IDriverGrain>(driverId).GetSignals(day));
        return TypedResults.Ok(DriverSignalsResponse.From(signals));
    }

    /// <summary>The drivers who made entries on <c>date</c> (UTC) and are over a threshold, most wrong entries first.</summary>
    public static async Task<Results<Ok<FlaggedDriversResponse>, ValidationProblem>> GetFlaggedDrivers(string? date, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors();
        var day = errors.ReportDate("date", date, services.Dates);
        if (errors.Any) return errors.Problem();
        var drivers = await services.Call(g => g.Reference<IDriverDayGrain>(GrainKeys.Day(day)).GetDrivers());
        var signals = await Task.WhenAll(drivers.Select(d => services.Call(g => g.Reference<IDriverGrain>(d).GetSignals(day))));
        var flagged = signals.Where(s => s.OverThresholds)
            .OrderByDescending(s => s.WrongEntries).ThenBy(s => s.DriverId, StringComparer.Ordinal)
            .Select(DriverSignalsResponse.From).ToList();
        return TypedResults.Ok(new FlaggedDriversResponse(Input.Format(day), drivers.Count, flagged));
    }
}

/// <summary>
/// One driver's day at the door. <c>wrongEntryRate</c> is wrong ÷ all code and fallback entries,
/// <c>fallbackShare</c> fallback deliveries ÷ deliveries; both null when there was nothing to divide.
/// </summary>
public sealed record DriverSignalsResponse(
    string DriverId,
    string Date,
    int Entries,
    int WrongEntries,
    double? WrongEntryRate,
    int LockedPackages,
    int FallbackEntries,
    int Deliveries,
    int FallbackDeliveries,
    double? FallbackShare,
    BudgetRefusalsResponse Refusals,
    bool OverThresholds)
{
    public static DriverSignalsResponse From(DriverSignals s) => new(
        s.DriverId, Input.Format(s.Date), s.Entries, s.WrongEntries, s.WrongEntryRate, s.LockedPackages, s.FallbackEntries,
        s.Deliveries, s.FallbackDeliveries, s.FallbackShare, new BudgetRefusalsResponse(s.HourlyRefusals, s.FallbackRefusals), s.OverThresholds);
}

/// <summary>Entries refused by each driver budget: the rolling hour's (429) and the day's fallbacks (409).</summary>
public sealed record BudgetRefusalsResponse(int HourlyEntries, int DailyFallbacks);

/// <summary>The day's drivers over a threshold; <c>activeDrivers</c> counts every driver who made an entry that day.</summary>
public sealed record FlaggedDriversResponse(string Date, int ActiveDrivers, IReadOnlyList<DriverSignalsResponse> Drivers);
