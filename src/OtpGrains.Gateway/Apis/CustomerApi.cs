namespace OtpGrains.Gateway.Apis;

/// <summary>The customer's tracking page: their own packages only.</summary>
public static class CustomerApi
{
    public static RouteGroupBuilder MapCustomerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/customer/packages/{trackingId}").WithTags("Customer").RequireAuthorization(Roles.Customer).WithAuthenticatedProblems();
        api.MapGet("/", GetPackage).WithName(nameof(GetPackage));
        api.MapPost("/resend-code", ResendCode).WithName(nameof(ResendCode)).RequireRateLimiting(RateLimits.CustomerResends).WithBodyProblems().WithProblems(409);
        api.MapPost("/report-missing", ReportMissing).WithName(nameof(ReportMissing)).WithProblems(409);
        return api;
    }

    /// <summary>The package as its customer sees it, with the code while it can still be used.</summary>
    public static async Task<Results<Ok<CustomerPackageResponse>, ValidationProblem, ProblemHttpResult>> GetPackage(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var customerId = services.Subject;
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).GetCustomerView(customerId));
        return result is { IsOk: true, Value: { } view } ? TypedResults.Ok(CustomerPackageResponse.From(view)) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Emails the code again (a few times a day at most); <c>{"fresh": true}</c> asks for a new code.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ResendCode(
        string trackingId, [FromBody] ResendCodeRequest? request, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var customerId = services.Subject;
        var fresh = request?.Fresh ?? false;
        // One id for this HTTP request: the gateway's retries of it count once at the grain.
        var requestId = Guid.NewGuid().ToString("N");
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).ResendCode(customerId, fresh, requestId));
        return result.IsOk ? TypedResults.Accepted((string?)null) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Reports that a package marked delivered never arrived; counts toward the customer's flag.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ReportMissing(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var customerId = services.Subject;
        var result = await services.Call(g => g.Reference<IPackageGrain>(trackingId).ReportMissing(customerId));
        return result.IsOk ? TypedResults.Accepted((string?)null) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }
}

/// <summary>The tracking page; <c>otp</c> is the code while the package can still be handed over.</summary>
public sealed record CustomerPackageResponse(
    string TrackingId,
    PackageStatus Status,
    bool OtpRequired,
    string? Otp,
    string? DeliveryDate,
    string? RedeliveryDate,
    DateTimeOffset? DeliveredAt,
    string? ReceivedBy)
{
    public static CustomerPackageResponse From(CustomerPackageView v) => new(
        v.TrackingId, v.Status, v.OtpRequired, v.Otp,
        v.DeliveryDate is { } d ? Input.Format(d) : null, v.RedeliveryDate is { } r ? Input.Format(r) : null,
        v.DeliveredAt, v.ReceivedBy);

    /// <summary>Keeps the code out of anything that prints the response.</summary>
    public override string ToString() => $"{TrackingId} {Status}";
}

/// <summary>Optional body of a re-send: <c>fresh</c> asks for a new code instead of the current one.</summary>
public sealed record ResendCodeRequest(bool? Fresh = null);
