var builder = WebApplication.CreateBuilder(args);
builder.UseGatewayListener();
builder.AddOtpCluster();
builder.AddOtpAuth();
DateWindow.Register(builder.Services, builder.Configuration);
builder.Services.AddOtpProblems();
builder.Services.AddOtpRateLimits(builder.Configuration);
builder.Services.AddOtpOpenApi();
builder.Services.ConfigureHttpJsonOptions(o => ContractJson.Apply(o.SerializerOptions));

var app = builder.Build();
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
app.MapOtpPages();

app.Run();

/// <summary>The gateway's entry point; public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
