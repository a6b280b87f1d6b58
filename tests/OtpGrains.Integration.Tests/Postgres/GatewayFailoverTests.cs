using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;
using Xunit.Abstractions;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// Two real silo processes on PostgreSQL behind a Client-mode gateway; one silo is SIGKILLed while
/// drivers' entries stream in over HTTP. No request fails: a call stuck on the dead silo is abandoned
/// after one try's timeout and retried, inside the gateway's retry budget, until a live silo answers.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayFailoverTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Packages = 16;
    private const int Workers = 4;
    private const int Rounds = 2;

    [Fact]
    public async Task Sigkill_of_a_silo_under_steady_http_load_fails_no_request_and_loses_no_attempt()
    {
        await using var cluster = await RealSiloCluster.StartAsync(database, output, "failover", silos: 2);
        await using var gateway = cluster.ClientModeGateway(database, new()
        {
            ["RateLimits:DriverAttemptsPerMinute"] = "100000",
            ["RateLimits:AnonymousPerMinute"] = "100000",
        });
        var api = new Api(gateway.CreateClient());
        var parcels = new List<Parcel>();
        for (var i = 0; i < Packages; i++)
            parcels.Add(await Flow.OutForDelivery(api, date: cluster.StationToday, blockStart: "13:00", blockEnd: "20:00"));
        var (victim, _, onVictim) = await cluster.BusiestSiloAsync(parcels.Select(p => p.TrackingId));
        Assert.NotEmpty(onVictim);

        var answers = new ConcurrentBag<(string TrackingId, int Round, HttpStatusCode Status, TimeSpan Took, string Body)>();
        var clock = Stopwatch.StartNew();
        var streams = Enumerable.Range(0, Workers).Select(async w =>
        {
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var parcel in parcels.Where((_, i) => i % Workers == w))
                {
                    var sent = clock.Elapsed;
                    var reply = await Flow.Enter(api, parcel, parcel.WrongCode, $"{parcel.TrackingId}/round-{round}");
                    answers.Add((parcel.TrackingId, round, reply.Status, clock.Elapsed - sent, reply.Body));
                    await Task.Delay(150);
                }
            }
        }).ToArray();

        while (answers.Count < Packages / 2) await Task.Delay(20);
        victim.Kill();
        output.WriteLine($"killed {victim.Name} ({onVictim.Length} of {Packages} packages) at {clock.Elapsed.TotalSeconds:F1} s after {answers.Count} answers");
        await Task.WhenAll(streams);

        var slowest = answers.MaxBy(a => a.Took);
        output.WriteLine($"{answers.Count} answers; slowest {slowest.Took.TotalSeconds:F1} s ({slowest.Status})");
        var failed = answers.Where(a => (int)a.Status >= 500).ToArray();
        Assert.True(failed.Length == 0, $"{failed.Length} failed requests, e.g. {failed.FirstOrDefault()}");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(Packages * Rounds, answers.Count);

        foreach (var parcel in parcels)
        {
            var mine = answers.Where(a => a.TrackingId == parcel.TrackingId).OrderBy(a => a.Round).ToArray();
            // Each round's entry counted exactly once: the n-th leaves 3 - n, whatever was retried.
            Assert.Equal([2, 1], mine.Select(a => System.Text.Json.JsonDocument.Parse(a.Body).RootElement.GetProperty("attemptsLeft").GetInt32()));
            var audit = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK).Json.GetProperty("audit");
            Assert.Equal(Rounds, audit.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "attempt"));
        }

        await cluster.FinishAsync();
    }
}
