// A missing, invalid or misspelled setting ends the process with one line on stderr and exit code 2.
return await Misconfiguration.GuardAsync(async () =>
{
    var app = Misconfiguration.WhileConfiguring(() => Build(args));
    await app.RunAsync();
    return 0;
}, Console.Error);

static WebApplication Build(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseGatewayListener();
    builder.AddManagementListener();
    builder.AddOtpTelemetry("otpgrains-gateway");
    builder.AddOtpCluster();
    builder.AddOtpAuth();
    builder.Services.AddKnownSettings(TokenOptions.Section, "Authority", "Audience", "SigningKey", "Issuer");
    DateWindow.Register(builder.Services, builder.Configuration);
    builder.Services.AddOtpProblems();
    builder.Services.AddOtpRateLimits(builder.Configuration);
    builder.Services.AddOtpOpenApi();
    builder.Services.ConfigureHttpJsonOptions(o => ContractJson.Apply(o.SerializerOptions));

    var app = builder.Build();
    app.UseMetricsEndpoint();
    app.UseOtpProblems();
    app.UseAuthentication();
    // Before authorization, so requests that end in 401 still count against their client address.
    app.UseRateLimiter();
    app.UseAuthorization();

    app.MapOperationsApi(app.Environment);
    app.MapShipperApi();
    app.MapStationApi();
    app.MapDriverApi();
    app.MapCustomerApi();
    app.MapSupportApi();
    app.MapSignalsApi();
    app.MapDashboard();
    app.MapOtpPages();
    return app;
}

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
