namespace OtpGrains.Gateway.Apis;

/// <summary>
/// The driver app: the day's itinerary and the commands at the door. Every command carries an
/// <c>Idempotency-Key</c> that goes to the package grain, which answers a repeat with the first reply
/// and spends nothing, across gateways and restarts.
/// </summary>
public static class DriverApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapDriverApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/driver").WithTags("Driver").RequireAuthorization(Roles.Driver).WithAuthenticatedProblems();
        api.MapGet("/itinerary", GetItinerary).WithName(nameof(GetItinerary));
        var packages = api.MapGroup("/packages/{trackingId}").WithBodyProblems().WithProblems(409, 423).WithRetryAfterHeader();
        packages.MapPost("/otp", EnterCode).WithName(nameof(EnterCode)).RequireRateLimiting(RateLimits.DriverAttempts);
        packages.MapPost("/otp-fallback", EnterPhoneDigits).WithName(nameof(EnterPhoneDigits)).RequireRateLimiting(RateLimits.DriverAttempts);
        packages.MapPost("/delivered", MarkDelivered).WithName(nameof(MarkDelivered));
        packages.MapPost("/undeliverable", MarkUndeliverable).WithName(nameof(MarkUndeliverable));
        return api;
    }

    /// <summary>The caller's routes on <c>date</c> with each stop's status, attempts left and fallback availability.</summary>
    public static async Task<Results<Ok<ItineraryResponse>, ValidationProblem>> GetItinerary(string? date, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors();
        var day = errors.Date("date", date, services.Dates);
        if (errors.Any) return errors.Problem();

        var driverId = services.Subject;
        var routes = await services.Call(g => g.Reference<IDriverGrain>(driverId).GetRoutes(day));
        var lines = await Task.WhenAll(routes.Select(r => Route(r, driverId, services)));
        return TypedResults.Ok(new ItineraryResponse(Input.Format(day), [.. lines.OfType<ItineraryRoute>()]));
    }

    /// <summary>The six-digit code the recipient reads out.</summary>
    public static Task<Results<Ok<AttemptResponse>, ValidationProblem, ProblemHttpResult>> EnterCode(
        string trackingId, OtpRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, [AsParameters] GatewayServices services)
    {
        var errors = Command(trackingId, idempotencyKey).Code("code", request.Code).Text("recipientName", request.RecipientName, Input.MaxNameLength, required: false);
        return errors.Any
            ? Task.FromResult<Results<Ok<AttemptResponse>, ValidationProblem, ProblemHttpResult>>(errors.Problem())
            : Attempt(trackingId, new DriverCommand(DriverCommandKind.Code, services.Subject, idempotencyKey!, request.Code, request.RecipientName), services);
    }

    /// <summary>The last two digits of the customer's phone, when the code is missing or wrong.</summary>
    public static Task<Results<Ok<AttemptResponse>, ValidationProblem, ProblemHttpResult>> EnterPhoneDigits(
        string trackingId, FallbackRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, [AsParameters] GatewayServices services)
    {
        var errors = Command(trackingId, idempotencyKey).PhoneLastTwo("phoneLastTwo", request.PhoneLastTwo).Text("recipientName", request.RecipientName, Input.MaxNameLength, required: false);
        return errors.Any
            ? Task.FromResult<Results<Ok<AttemptResponse>, ValidationProblem, ProblemHttpResult>>(errors.Problem())
            : Attempt(trackingId, new DriverCommand(DriverCommandKind.Fallback, services.Subject, idempotencyKey!, request.PhoneLastTwo, request.RecipientName), services);
    }

    /// <summary>Completes a package that needs no code; 409 <c>otp-required</c> for one that does.</summary>
    public static async Task<Results<Ok<DeliveredResponse>, ValidationProblem, ProblemHttpResult>> MarkDelivered(
        string trackingId, [FromBody] DeliveredRequest? request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, [AsParameters] GatewayServices services)
    {
        var errors = Command(trackingId, idempotencyKey).Text("recipientName", request?.RecipientName, Input.MaxNameLength, required: false);
        if (errors.Any) return errors.Problem();
        var command = new DriverCommand(DriverCommandKind.Delivered, services.Subject, idempotencyKey!, RecipientName: request?.RecipientName, LeftAtDoor: request?.LeftAtDoor ?? false);
        var reply = await services.Call(g => g.Reference<IPackageGrain>(trackingId).HandleDriverCommand(command));
        return reply.Fault is { } fault ? FaultProblems.For(fault, reply.Detail) : TypedResults.Ok(new DeliveredResponse(reply.TrackingId, reply.Status));
    }

    /// <summary>Marks the stop failed; the package must be back at the station by <c>returnBy</c>.</summary>
    public static async Task<Results<Ok<UndeliverableResponse>, ValidationProblem, ProblemHttpResult>> MarkUndeliverable(
        string trackingId, UndeliverableRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, [AsParameters] GatewayServices services)
    {
        var errors = Command(trackingId, idempotencyKey).Text("note", request.Note, Input.MaxNoteLength, required: false);
        if (!Enum.IsDefined(request.Reason)) errors.Add("reason", "is not a known reason");
        if (errors.Any) return errors.Problem();
        var command = new DriverCommand(DriverCommandKind.Undeliverable, services.Subject, idempotencyKey!, Reason: request.Reason);
        var reply = await services.Call(g => g.Reference<IPackageGrain>(trackingId).HandleDriverCommand(command));
        return reply.Fault is { } fault ? FaultProblems.For(fault, reply.Detail) : TypedResults.Ok(new UndeliverableResponse(reply.TrackingId, reply.Status, reply.ReturnBy));
    }

    private static InputErrors Command(string trackingId, string? idempotencyKey)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (idempotencyKey is null || !Input.IdempotencyKey().IsMatch(idempotencyKey))
            errors.Add(IdempotencyKeyHeader, $"header is required: 1-{Input.MaxIdempotencyKeyLength} printable ASCII characters");
        return errors;
    }

    private static async Task<Results<Ok<AttemptResponse>, ValidationProblem, ProblemHttpResult>> Attempt(string trackingId, DriverCommand command, GatewayServices services)
    {
        var reply = await services.Call(g => g.Reference<IPackageGrain>(trackingId).HandleDriverCommand(command));
        // A spent driver budget (issue 11) says how long until it frees up.
        if (reply.Fault is { } fault) return FaultProblems.For(fault, reply.Detail).WithRetryAfter(reply.RetryAfterSeconds);
        var outcome = reply.Outcome ?? throw new InvalidOperationException("An accepted code entry always has an outcome.");
        return TypedResults.Ok(new AttemptResponse(reply.TrackingId, outcome, reply.Status, reply.AttemptsLeft ?? 0));
    }

    /// <summary>One route of the itinerary, or null when it is no longer this driver's.</summary>
    private static async Task<ItineraryRoute?> Route(DriverRoute route, string driverId, GatewayServices services) =>
        await services.Call(g => g.Reference<IRouteGrain>(GrainKeys.Route(route.StationId, route.RouteId)).Itinerary(driverId, route.Date)) is { } itinerary
            ? new ItineraryRoute(itinerary.StationId, itinerary.RouteId, Input.Format(itinerary.BlockStart), Input.Format(itinerary.BlockEnd),
                [.. itinerary.Stops.Select(l => new ItineraryStop(l.Stop.TrackingId, l.Stop.Status, l.Stop.OtpRequired, l.Stop.AttemptsLeft, l.Stop.FallbackAvailable, l.Warnings))])
            : null;
}

/// <summary>The verdict on a code or phone-digit entry.</summary>
public sealed record AttemptResponse(string TrackingId, AttemptOutcome Outcome, PackageStatus Status, int AttemptsLeft);

/// <summary>A package without a code handed over or left at the door.</summary>
public sealed record DeliveredRequest(string? RecipientName = null, bool? LeftAtDoor = null);

public sealed record DeliveredResponse(string TrackingId, PackageStatus Status);

/// <summary>The last two digits of the customer's phone, and who took the package.</summary>
public sealed record FallbackRequest(string PhoneLastTwo, string? RecipientName = null)
{
    /// <summary>The digits are a secret like the code.</summary>
    public override string ToString() => "FallbackRequest { PhoneLastTwo = ** }";
}

/// <summary>The code the recipient read out, and who took the package.</summary>
public sealed record OtpRequest(string Code, string? RecipientName = null)
{
    /// <summary>A code must never reach a log line, even through a careless interpolation.</summary>
    public override string ToString() => "OtpRequest { Code = *** }";
}

/// <summary>Why the stop failed.</summary>
public sealed record UndeliverableRequest(UndeliverableReason Reason, string? Note = null);

/// <summary>A failed stop; the package must be back at the station by <c>returnBy</c>.</summary>
public sealed record UndeliverableResponse(string TrackingId, PackageStatus Status, DateTimeOffset? ReturnBy);

/// <summary>A driver's routes for one date.</summary>
public sealed record ItineraryResponse(string Date, IReadOnlyList<ItineraryRoute> Routes);

public sealed record ItineraryRoute(string StationId, string RouteId, string BlockStart, string BlockEnd, IReadOnlyList<ItineraryStop> Stops);

public sealed record ItineraryStop(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    int AttemptsLeft,
    bool FallbackAvailable,
    IReadOnlyList<string> Warnings);
