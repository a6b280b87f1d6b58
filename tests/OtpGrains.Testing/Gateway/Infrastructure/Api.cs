using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>A thin HTTP client for the gateway: tokens from <c>/dev/tokens</c>, JSON in, <see cref="Reply"/> out.</summary>
public sealed class Api(HttpClient http)
{
    private readonly ConcurrentDictionary<(string, string), string> tokens = new();

    public HttpClient Http => http;

    public async Task<string> Token(string role, string subject)
    {
        if (tokens.TryGetValue((role, subject), out var cached)) return cached;
        var reply = await Send(HttpMethod.Post, "/dev/tokens", body: new { role, subject });
        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, reply.Body);
        return tokens[(role, subject)] = reply.Json.GetProperty("token").GetString()!;
    }

    public async Task<Reply> As(string role, string subject, HttpMethod method, string path, object? body = null, string? idempotencyKey = null) =>
        await Send(method, path, await Token(role, subject), body, idempotencyKey);

    /// <summary>Sends <paramref name="body"/> as JSON, or as-is when it is a string (raw JSON or anything else).</summary>
    public async Task<Reply> Send(HttpMethod method, string path, string? token = null, object? body = null, string? idempotencyKey = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, contentType),
            _ => JsonContent.Create(body),
        };
        if (request.Content is StringContent) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response);
    }
}
