using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OtpGrains.Tests.Telemetry;

/// <summary>One export request as the collector received it: the signal (traces, metrics, logs) and its body.</summary>
public sealed record OtlpPost(string Signal, string? ContentType, byte[] Body)
{
    /// <summary>
    /// Whether the protobuf body holds <paramref name="text"/>: protobuf writes strings as plain UTF-8
    /// bytes, so names of services, metrics and spans can be found without decoding the message.
    /// </summary>
    public bool Holds(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// A minimal OTLP/HTTP collector on a free loopback port: accepts POST /v1/traces, /v1/metrics and
/// /v1/logs, keeps each body and answers with an empty export response, as a collector does.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpPost> posts = new();
    private readonly WebApplication app;

    private OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the server picks a free one, read back from app.Urls once it listens.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        foreach (var signal in (string[])["traces", "metrics", "logs"])
        {
            app.MapPost($"/v1/{signal}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                posts.Enqueue(new OtlpPost(signal, request.ContentType, body.ToArray()));
                // An empty protobuf message is a valid Export*ServiceResponse: everything accepted.
                return Results.Bytes([], "application/x-protobuf");
            });
        }
    }

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint => app.Urls.Single();

    public IReadOnlyList<OtlpPost> Posts(string signal) => [.. posts.Where(p => p.Signal == signal)];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver.app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
