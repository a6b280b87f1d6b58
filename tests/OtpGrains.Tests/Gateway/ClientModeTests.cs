using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ClientModeTests(DevelopmentGateway embedded)
{
    [Fact]
    public async Task A_client_mode_gateway_joins_a_running_cluster_and_shares_its_packages()
    {
        await using var client = new GatewayHost("Development", GatewayHost.Defaults(new()
        {
            ["Gateway:Mode"] = "Client",
            ["Orleans:Clustering"] = "Localhost",
            ["Orleans:GatewayPort"] = embedded.Settings["Orleans:GatewayPort"],
            ["Orleans:ClusterId"] = embedded.Settings["Orleans:ClusterId"],
        }));
        var api = new Api(client.CreateClient());
        (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK);

        var parcel = await Flow.OutForDelivery(api);
        var wrong = (await Flow.Enter(api, parcel, parcel.WrongCode, "via-client")).Is(HttpStatusCode.OK);
        // The embedded gateway sees the same package, and a replay there gets the first answer.
        var replay = (await embedded.Api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await embedded.Api.Token("driver", parcel.DriverId),
            new { code = parcel.Code }, "via-client")).Is(HttpStatusCode.OK);
        Assert.Equal(wrong.Body, replay.Body);
        Assert.Equal(2, await Flow.AttemptsLeft(embedded.Api, parcel));
    }
}
