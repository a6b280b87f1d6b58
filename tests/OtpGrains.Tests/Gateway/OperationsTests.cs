using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class OperationsTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task Live_and_ready_are_200_while_the_cluster_answers()
    {
        (await api.Send(HttpMethod.Get, "/health/live")).Is(HttpStatusCode.OK);
        Assert.Equal("Healthy", (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK).Text("status"));
    }

    public static readonly TheoryData<string, string> Operations = new()
    {
        { "put", "/v1/packages/{trackingId}" },
        { "post", "/v1/packages/{trackingId}/ship" },
        { "put", "/v1/stations/{stationId}/routes/{routeId}" },
        { "delete", "/v1/stations/{stationId}/routes/{routeId}/stops/{trackingId}" },
        { "post", "/v1/stations/{stationId}/returns/{trackingId}" },
        { "get", "/v1/driver/itinerary" },
        { "post", "/v1/driver/packages/{trackingId}/otp" },
        { "post", "/v1/driver/packages/{trackingId}/otp-fallback" },
        { "post", "/v1/driver/packages/{trackingId}/delivered" },
        { "post", "/v1/driver/packages/{trackingId}/undeliverable" },
        { "get", "/v1/customer/packages/{trackingId}" },
        { "post", "/v1/customer/packages/{trackingId}/resend-code" },
        { "post", "/v1/customer/packages/{trackingId}/report-missing" },
        { "get", "/v1/support/packages/{trackingId}" },
        { "post", "/v1/support/packages/{trackingId}/excuse" },
        { "post", "/v1/support/packages/{trackingId}/reissue-code" },
        { "get", "/v1/drivers/{driverId}/reliability" },
        { "get", "/v1/support/drivers/{driverId}/signals" },
        { "get", "/v1/support/signals" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task OpenApi_describes_every_route_with_its_problem_responses(string method, string path)
    {
        var document = (await api.Send(HttpMethod.Get, "/openapi/v1.json")).Is(HttpStatusCode.OK).Json;
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var responses = operation.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "429", "503" })
        {
            Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} lacks {status}");
            if (status != "400") Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status}");
        }
        Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task OpenApi_declares_the_bearer_scheme_and_leaves_dev_tokens_anonymous()
    {
        var document = (await api.Send(HttpMethod.Get, "/openapi/v1.json")).Is(HttpStatusCode.OK).Json;
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        var devTokens = document.GetProperty("paths").GetProperty("/dev/tokens").GetProperty("post");
        Assert.False(devTokens.TryGetProperty("security", out _));
    }
}
