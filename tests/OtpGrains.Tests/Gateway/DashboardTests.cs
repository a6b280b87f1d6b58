using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

/// <summary>The Orleans Dashboard at /dashboard: support only.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DashboardTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    public static readonly TheoryData<string> Paths = new() { "/dashboard", "/dashboard/" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_dashboard_answers_401_without_a_token(string path)
    {
        (await api.Send(HttpMethod.Get, path)).Is(HttpStatusCode.Unauthorized);
        (await api.Send(HttpMethod.Get, path, token: "not-a-token")).Is(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("shipper")]
    [InlineData("customer")]
    [InlineData("driver")]
    [InlineData("station")]
    public async Task The_dashboard_answers_403_to_every_role_but_support(string role)
    {
        foreach (var path in (string[])["/dashboard", "/dashboard/"])
            (await api.As(role, "X-1", HttpMethod.Get, path)).Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Support_gets_the_dashboard_page()
    {
        var page = (await api.As("support", "A-1", HttpMethod.Get, "/dashboard/")).Is(HttpStatusCode.OK);
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("<html", page.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_dashboard_is_not_part_of_the_openapi_document()
    {
        var document = (await api.Send(HttpMethod.Get, "/openapi/v1.json")).Is(HttpStatusCode.OK);
        Assert.DoesNotContain("/dashboard", document.Body, StringComparison.Ordinal);
    }
}
