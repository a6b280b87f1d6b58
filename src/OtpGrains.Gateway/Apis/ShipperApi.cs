namespace OtpGrains.Gateway.Apis;

/// <summary>The shipper's order system: registers packages and marks them shipped.</summary>
public static class ShipperApi
{
    public static RouteGroupBuilder MapShipperApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/packages").WithTags("Shipper").RequireAuthorization(Roles.Shipper).WithAuthenticatedProblems();
        api.MapPut("/{trackingId}", RegisterPackage).WithName(nameof(RegisterPackage)).WithBodyProblems().WithProblems(409);
        api.MapPost("/{trackingId}/ship", ShipPackage).WithName(nameof(ShipPackage));
        return api;
    }

    /// <summary>
    /// Registers a package for the calling shipper: 201 when created, 200 for an identical repeat, 409 when
    /// it differs or has shipped, 404 when another shipper registered it (whatever the data).
    /// </summary>
    public static async Task<Results<Created<PackageResponse>, Ok<PackageResponse>, ValidationProblem, ProblemHttpResult>> RegisterPackage(
        string trackingId, RegisterPackageRequest request, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors()
            .Id("trackingId", trackingId)
            .Id("customerId", request.CustomerId)
            .Email("customerEmail", request.CustomerEmail)
            .Phone("customerPhone", request.CustomerPhone)
            .NotNegative("declaredValue.amountMinor", request.DeclaredValue.AmountMinor)
            .Currency("declaredValue.currency", request.DeclaredValue.Currency)
            .Text("category", request.Category, Input.MaxCategoryLength, required: true)
            .Id("stationId", request.StationId);
        if (errors.Any) return errors.Problem();

        var registration = new RegisterPackage(
            request.CustomerId, request.CustomerEmail, request.CustomerPhone,
            new Money(request.DeclaredValue.AmountMinor, request.DeclaredValue.Currency.ToUpperInvariant()),
            request.Category, request.StationId, request.RequireOtp ?? false,
            // One id for this HTTP request: a gateway retry after a lost answer still gets 201.
            RequestId: Guid.NewGuid().ToString("N"), Shipper: services.Subject);
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).Register(registration));
        if (result is not { IsOk: true, Value: { } registered }) return FaultProblems.For(result.Fault!.Value, result.Detail);
        var body = PackageResponse.From(registered.Package);
        return registered.Created ? TypedResults.Created($"/v1/packages/{trackingId}", body) : TypedResults.Ok(body);
    }

    /// <summary>Ships the caller's package, issuing and emailing its code when it needs one; a repeat issues nothing; another shipper's: 404.</summary>
    public static async Task<Results<Ok<PackageResponse>, ValidationProblem, ProblemHttpResult>> ShipPackage(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var shipperId = services.Subject;
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).Ship(shipperId));
        return result is { IsOk: true, Value: { } view } ? TypedResults.Ok(PackageResponse.From(view)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }
}

/// <summary>The shipper's registration of a package.</summary>
public sealed record RegisterPackageRequest(
    string CustomerId,
    string CustomerEmail,
    string CustomerPhone,
    DeclaredValue DeclaredValue,
    string Category,
    string StationId,
    bool? RequireOtp = null)
{
    /// <summary>Contact details stay out of anything that prints the request.</summary>
    public override string ToString() => $"Register for {CustomerId} at {StationId}";
}

/// <summary>A declared value in the currency's minor unit.</summary>
public sealed record DeclaredValue(long AmountMinor, string Currency);

/// <summary>The shipper's and support's view of a package.</summary>
public sealed record PackageResponse(string TrackingId, PackageStatus Status, bool OtpRequired, IReadOnlyList<OtpReason> OtpReasons)
{
    public static PackageResponse From(PackageView view) => new(view.TrackingId, view.Status, view.OtpRequired, view.OtpReasons);
}
