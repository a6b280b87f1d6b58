using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtpGrains.LoadGen;

/// <summary>One request as it was answered: when, how long, and whether the answer was the expected one.</summary>
public sealed record RequestRecord(double StartSeconds, double LatencySeconds, string Route, int Status, bool Ok, string? Problem, int Try);

/// <summary>What a verified call ended with: the body of the expected answer, or the last failure.</summary>
public sealed record CallResult(bool Ok, JsonElement Body, bool FailedFirstTry, string? Failure);

/// <summary>
/// The gateway as a driver app or station tool sees it. Every answer is checked by the caller's
/// verifier; an unexpected one counts as a failed request and is retried with the same request
/// (same idempotency key), the way a driver app retries, so the run can go on and the retry's
/// answer shows whether the first one was applied.
/// </summary>
public sealed class GatewayClient(HttpClient http, Stopwatch clock, Pacer pacer)
{
    public const int MaxTries = 5;

    private readonly ConcurrentDictionary<(string Role, string Subject), Task<string>> tokens = new();

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    /// <summary>Sends the request until its answer is the expected one, at most <see cref="MaxTries"/> times.</summary>
    public async Task<CallResult> CallAsync(string route, Func<HttpRequestMessage> request, Func<int, JsonElement, string?> verify,
        CancellationToken ct, bool record = true)
    {
        string? failure = null;
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            if (record) await pacer.WaitAsync(ct);
            var started = clock.Elapsed.TotalSeconds;
            int status = 0;
            JsonElement body = default;
            string? problem = null;
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message, ct);
                status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(ct);
                body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
                problem = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var code) ? code.GetString() : null;
                failure = verify(status, body);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // No answer, a timeout, or an answer whose body is not what the route promises.
                failure = e is TaskCanceledException ? "timeout" : e.GetType().Name + ": " + e.Message;
            }

            var latency = clock.Elapsed.TotalSeconds - started;
            if (record) Requests.Enqueue(new RequestRecord(started, latency, route, status, failure is null, failure is null ? null : problem ?? failure, attempt));
            if (failure is null) return new CallResult(true, body, attempt > 1, null);
            failure = $"{route}: {(status == 0 ? "no answer" : status.ToString())} {problem ?? failure}";
            await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
        }
        return new CallResult(false, default, true, failure);
    }

    /// <summary>A development token (POST /dev/tokens), one per role and subject for the whole run.</summary>
    public Task<string> TokenAsync(string role, string subject, CancellationToken ct) =>
        tokens.GetOrAdd((role, subject), key => IssueAsync(key.Role, key.Subject, ct));

    private async Task<string> IssueAsync(string role, string subject, CancellationToken ct)
    {
        var result = await CallAsync("POST /dev/tokens", () => new HttpRequestMessage(HttpMethod.Post, "/dev/tokens")
            {
                Content = JsonContent.Create(new { role, subject }),
            },
            (status, body) => status == 200 && body.TryGetProperty("token", out _) ? null : "no token",
            ct, record: false);
        if (!result.Ok) throw new InvalidOperationException($"could not get a {role} token: {result.Failure}");
        return result.Body.GetProperty("token").GetString()!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body = null, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(method, path);
        message.Headers.Authorization = new("Bearer", token);
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) message.Content = JsonContent.Create(body);
        return message;
    }

    public static bool IsStatus(int status, params HttpStatusCode[] expected) => expected.Any(e => (int)e == status);
}

/// <summary>Spreads requests evenly at a fixed rate across all workers, so the load stays steady.</summary>
public sealed class Pacer(double requestsPerSecond, Stopwatch clock)
{
    private readonly Lock gate = new();
    private readonly double interval = 1.0 / requestsPerSecond;
    private double next;

    public Task WaitAsync(CancellationToken ct)
    {
        double slot;
        lock (gate)
        {
            var now = clock.Elapsed.TotalSeconds;
            // A worker that fell behind does not earn a burst: the schedule restarts from now.
            slot = Math.Max(next, now);
            next = slot + interval;
        }
        var wait = slot - clock.Elapsed.TotalSeconds;
        return wait > 0 ? Task.Delay(TimeSpan.FromSeconds(wait), ct) : Task.CompletedTask;
    }
}
