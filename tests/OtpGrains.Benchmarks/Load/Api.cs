using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OtpGrains.Benchmarks.Load;

/// <summary>One system under test: its HTTP base address and the processes whose CPU it is charged.</summary>
public sealed record SystemUnderTest(string Name, bool IsPeer, Uri BaseAddress, IReadOnlyDictionary<string, int> Processes, string Database);

/// <summary>Signs tokens the way the carrier's issuer would: HS256 with the run's key, issuer and audience "otpgrains".</summary>
public sealed class Tokens(byte[] key)
{
    private readonly JsonWebTokenHandler handler = new();
    private readonly ConcurrentDictionary<(string, string), string> issued = new();

    public string For(string role, string subject) => issued.GetOrAdd((role, subject), k =>
    {
        var now = DateTime.UtcNow;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "otpgrains", Audience = "otpgrains", IssuedAt = now, NotBefore = now, Expires = now.AddHours(6),
            Subject = new ClaimsIdentity([new Claim("sub", k.Item2), new Claim("role", k.Item1)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    });
}

/// <summary>The answer to one request: status, parsed body, latency.</summary>
public sealed record Answer(HttpStatusCode Status, JsonElement Body, double Milliseconds)
{
    public string Str(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public int Int(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : int.MinValue;

    public bool Bool(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public override string ToString() => $"{(int)Status} {Body.GetRawText()}";
}

/// <summary>
/// The load generator's client: one pooled SocketsHttpHandler per system, JWTs per role and subject,
/// every answer checked by the caller; a mismatch is recorded and fails the run.
/// </summary>
public sealed class Api(SystemUnderTest system, Tokens tokens, Failures failures, int maxConnections = int.MaxValue) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    { BaseAddress = system.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

    public SystemUnderTest System => system;

    /// <summary>Closes the pooled connections (ten thousand of them after a contended round).</summary>
    public void Dispose() => http.Dispose();

    public Failures Failures => failures;

    public async Task<Answer> Send(HttpMethod method, string path, string role, string subject, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", tokens.For(role, subject));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var json = bytes.Length == 0 ? default : JsonDocument.Parse(bytes).RootElement.Clone();
        return new Answer(response.StatusCode, json, elapsed);
    }

    /// <summary>Records a failure unless <paramref name="ok"/>; returns <paramref name="ok"/>.</summary>
    public bool Check(bool ok, string what, Answer answer)
    {
        if (!ok) failures.Add($"{system.Name}: {what}: got {answer}");
        return ok;
    }

    public async Task<bool> Ready()
    {
        try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }
}

/// <summary>Every mismatch seen during the run; the first few are printed, all are counted.</summary>
public sealed class Failures
{
    private readonly ConcurrentQueue<string> seen = new();
    private int count;

    public int Count => count;

    public void Add(string message)
    {
        if (Interlocked.Increment(ref count) <= 20) seen.Enqueue(message);
    }

    public IEnumerable<string> First => seen;
}
