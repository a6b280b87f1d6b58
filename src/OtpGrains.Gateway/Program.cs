using System.Text.Json.Serialization;

var builder = WebApplication.CreateBuilder(args);
builder.UseGatewayListener();
builder.AddManagementListener();
builder.AddOtpTelemetry("otpgrains-gateway");
builder.AddOtpCluster();
builder.AddOtpAuth();
builder.Services.AddOtpProblems();
builder.Services.AddOtpRateLimits(builder.Configuration);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // Enums travel as names only; a missing or null required field is an error, not a default.
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.RespectNullableAnnotations = true;
    o.SerializerOptions.RespectRequiredConstructorParameters = true;
});

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
app.MapDashboard();

app.Run();

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
