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
        var result = await services.Call(g => g.GetGrain<IPackageGrain>(trackingId).GetCustomerView(customerId));
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
        var result = await services.Call(g => g.GetGrain<IPackageGrain>(trackingId).ResendCode(customerId, fresh));
        return result.IsOk ? TypedResults.Accepted((string?)null) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }

    /// <summary>Reports that a package marked delivered never arrived; counts toward the customer's flag.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ReportMissing(
        string trackingId, [AsParameters] GatewayServices services)
    {
        var errors = new InputErrors().Id("trackingId", trackingId);
        if (errors.Any) return errors.Problem();
        var customerId = services.Subject;
        var result = await services.Call(g => g.GetGrain<IPackageGrain>(trackingId).ReportMissing(customerId));
        return result.IsOk ? TypedResults.Accepted((string?)null) : FaultProblems.For(result.Fault!.Value, result.Detail);
    }
}
