using System.Diagnostics;
using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// The HTTP side of a PostgreSQL outage: a Client-mode gateway over a real silo process answers
/// 503 <c>unavailable</c>, counts nothing, and serves the same idempotency key once PostgreSQL is back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayOutageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Attempt_while_PostgreSQL_is_down_is_a_503_unavailable_that_counts_nothing_and_its_retry_counts_once()
    {
        _ = PostgresServer.DataDirectory; // fail early, with the fix, when the server cannot be stopped
        await using var cluster = await RealSiloCluster.StartAsync(database, output, "gw", silos: 1, connectClient: false);
        var today = cluster.StationToday;
        await using var gateway = cluster.ClientModeGateway(database, new() { ["Gateway:RetryBudget"] = "00:00:03" });
        var api = new Api(gateway.CreateClient());
        (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK);
        var parcel = await Flow.OutForDelivery(api, date: today, blockStart: "13:00", blockEnd: "20:00");
        var before = (await Flow.Enter(api, parcel, parcel.WrongCode, "before")).Is(HttpStatusCode.OK);
        Assert.Equal(2, before.Json.GetProperty("attemptsLeft").GetInt32());

        await PostgresServer.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var during = await Flow.Enter(api, parcel, parcel.WrongCode, "during");
            output.WriteLine($"during the outage: {(int)during.Status} after {clock.ElapsedMilliseconds} ms: {during.Body}");
            during.Is(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.DoesNotContain(parcel.Code!, during.Body);
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        var stop = await Until(async () => await api.As("driver", parcel.DriverId, HttpMethod.Get, $"/v1/driver/itinerary?date={today:yyyy-MM-dd}"));
        Assert.Equal(2, stop.Json.GetProperty("routes")[0].GetProperty("stops")[0].GetProperty("attemptsLeft").GetInt32());

        var retried = (await Until(() => Flow.Enter(api, parcel, parcel.WrongCode, "during"))).Is(HttpStatusCode.OK);
        Assert.Equal(1, retried.Json.GetProperty("attemptsLeft").GetInt32());
        Assert.Equal(retried.Body, (await Flow.Enter(api, parcel, parcel.WrongCode, "during")).Is(HttpStatusCode.OK).Body);
        Assert.Equal(before.Body, (await Flow.Enter(api, parcel, parcel.WrongCode, "before")).Is(HttpStatusCode.OK).Body);
        var delivered = (await Flow.Enter(api, parcel, parcel.Code!, "after")).Is(HttpStatusCode.OK);
        Assert.Equal("Delivered", delivered.Json.GetProperty("outcome").GetString());
        await cluster.FinishAsync();
    }

    [Fact]
    public async Task Ready_stays_200_and_reports_storage_degraded_while_PostgreSQL_is_down()
    {
        _ = PostgresServer.DataDirectory;
        await using var cluster = await RealSiloCluster.StartAsync(database, output, "ready", silos: 1, connectClient: false);
        await using var gateway = cluster.ClientModeGateway(database, new() { ["Gateway:RetryBudget"] = "00:00:03" });
        var api = new Api(gateway.CreateClient());
        var parcel = await Flow.OutForDelivery(api, date: cluster.StationToday, blockStart: "13:00", blockEnd: "20:00");
        var healthy = (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK);
        Assert.Equal("Healthy", healthy.Text("status"));
        Assert.Equal("Healthy", healthy.Json.GetProperty("entries").GetProperty("storage").GetProperty("status").GetString());

        await PostgresServer.StopAsync();
        try
        {
            var ready = (await api.Send(HttpMethod.Get, "/health/ready")).Is(HttpStatusCode.OK);
            output.WriteLine($"ready during the outage: {ready.Body}");
            Assert.Equal("Degraded", ready.Text("status"));
            var entries = ready.Json.GetProperty("entries");
            Assert.NotEqual("Unhealthy", entries.GetProperty("cluster").GetProperty("status").GetString());
            Assert.Equal("Degraded", entries.GetProperty("storage").GetProperty("status").GetString());
            Assert.DoesNotContain("Password", ready.Body, StringComparison.OrdinalIgnoreCase);
            (await Flow.Enter(api, parcel, parcel.WrongCode, "during")).Is(HttpStatusCode.ServiceUnavailable, "unavailable");
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        await cluster.FinishAsync();
    }

    /// <summary>Asks again while the answer is 503, for up to 30 s.</summary>
    private static async Task<Reply> Until(Func<Task<Reply>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reply = await call();
            if (reply.Status != HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromSeconds(30)) return reply;
            await Task.Delay(250);
        }
    }
}
