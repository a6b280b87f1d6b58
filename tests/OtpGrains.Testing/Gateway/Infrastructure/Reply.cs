using System.Net;
using System.Text.Json;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>One HTTP answer, read whole.</summary>
public sealed record Reply(HttpStatusCode Status, string Body, string? ContentType, HttpResponseMessage Message)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The problem's <c>code</c>, or null when the body is not a problem.</summary>
    public string? Code => ContentType == "application/problem+json" && Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public string Text(string property) => Json.GetProperty(property).ToString();

    /// <summary>Asserts the status and, for errors, a problem+json body with the given code.</summary>
    public Reply Is(HttpStatusCode status, string? code = null)
    {
        Assert.True(status == Status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        if ((int)status >= 400)
        {
            Assert.Equal("application/problem+json", ContentType);
            Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(Json.GetProperty("title").GetString()));
            if (code is not null) Assert.Equal(code, Code);
            else Assert.False(string.IsNullOrEmpty(Code));
        }
        return this;
    }
}
