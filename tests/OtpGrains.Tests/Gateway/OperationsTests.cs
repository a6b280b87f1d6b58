using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    private const string IdPattern = "^[A-Za-z0-9._-]{1,64}$";
    private const string DatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private const string TimePattern = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$";
    private const string IdempotencyKeyPattern = "^[\\x20-\\x7E]{1,128}$";

    /// <summary>For every pattern the document may use, one value that violates it.</summary>
    private static readonly Dictionary<string, string> Violations = new()
    {
        [IdPattern] = "bad id",
        [DatePattern] = "27-11-2026",
        [TimePattern] = "9:00",
        [IdempotencyKeyPattern] = new string('k', 129),
        ["^[0-9]{6}$"] = "12345",
        ["^[0-9]{2}$"] = "4",
        ["^[A-Za-z]{3}$"] = "US",
        ["^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$"] = "not-an-email",
        ["^(?=(?:[^0-9]*[0-9]){2})\\+?[0-9 ().-]{2,32}$"] = "(1)",
        ["^[^\\x00-\\x1F\\x7F-\\x9F]*$"] = "a\u0007b",
        ["^(?=[\\s\\S]*\\S)[^\\x00-\\x1F\\x7F-\\x9F]*$"] = "   ",
    };

    private async Task<JsonElement> Document() => (await api.Send(HttpMethod.Get, "/openapi/v1.json")).Is(HttpStatusCode.OK).Json;

    [Fact]
    public async Task OpenApi_gives_the_contracts_shapes_for_ids_codes_digits_dates_and_times()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (path, item) in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)).Select(p => (p.Name, p.Value)))
            foreach (var operation in item.EnumerateObject())
                foreach (var parameter in operation.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
                    if (parameter.GetProperty("in").GetString() == "path")
                        Assert.True(IdPattern == parameter.GetProperty("schema").GetProperty("pattern").GetString(), $"{path} {parameter.GetProperty("name")}");

        string? Pattern(string schema, string property) =>
            schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).TryGetProperty("pattern", out var p) ? p.GetString() : null;
        Assert.Equal("^[0-9]{6}$", Pattern("OtpRequest", "code"));
        Assert.Equal("^[0-9]{2}$", Pattern("FallbackRequest", "phoneLastTwo"));
        Assert.Equal(DatePattern, Pattern("BuildRouteRequest", "date"));
        Assert.Equal("date", schemas.GetProperty("BuildRouteRequest").GetProperty("properties").GetProperty("date").GetProperty("format").GetString());
        Assert.Equal(TimePattern, Pattern("BuildRouteRequest", "blockStart"));
        Assert.Equal(TimePattern, Pattern("BuildRouteRequest", "blockEnd"));
        foreach (var (schema, property) in new[] { ("BuildRouteRequest", "driverId"), ("RegisterPackageRequest", "customerId"), ("RegisterPackageRequest", "stationId") })
            Assert.Equal(IdPattern, Pattern(schema, property));
        var trackingIds = schemas.GetProperty("BuildRouteRequest").GetProperty("properties").GetProperty("trackingIds");
        Assert.Equal((IdPattern, 1, 500), (trackingIds.GetProperty("items").GetProperty("pattern").GetString(), trackingIds.GetProperty("minItems").GetInt32(), trackingIds.GetProperty("maxItems").GetInt32()));

        var date = Parameter(document, "/v1/driver/itinerary", "get", "date");
        Assert.True(date.GetProperty("required").GetBoolean());
        Assert.Equal(DatePattern, date.GetProperty("schema").GetProperty("pattern").GetString());
    }

    [Theory]
    [InlineData("otp")]
    [InlineData("otp-fallback")]
    [InlineData("delivered")]
    [InlineData("undeliverable")]
    public async Task OpenApi_requires_the_idempotency_key_on_every_driver_command(string command)
    {
        var key = Parameter(await Document(), $"/v1/driver/packages/{{trackingId}}/{command}", "post", "Idempotency-Key");
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.True(key.GetProperty("required").GetBoolean());
        Assert.Equal(IdempotencyKeyPattern, key.GetProperty("schema").GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task OpenApi_types_enums_as_string_enums_and_integers_as_integers_only()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var otpReasons = schemas.GetProperty("PackageResponse").GetProperty("properties").GetProperty("otpReasons").GetProperty("items");
        var byReason = schemas.GetProperty("ReliabilityResponse").GetProperty("properties").GetProperty("undeliverableByReason").GetProperty("propertyNames");
        foreach (var (schema, names) in new[] { (schemas.GetProperty("PackageStatus"), 9), (schemas.GetProperty("UndeliverableReason"), 6), (schemas.GetProperty("AttemptOutcome"), 3), (otpReasons, 4), (byReason, 6) })
        {
            Assert.Equal("string", schema.GetProperty("type").GetString());
            Assert.Equal(names, schema.GetProperty("enum").GetArrayLength());
        }

        var integers = 0;
        foreach (var node in Nodes(document))
        {
            if (!node.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.Array) continue;
            var types = type.EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.False(types.Contains("string") && (types.Contains("integer") || types.Contains("number")), node.ToString());
        }
        foreach (var node in Nodes(document))
            if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "integer")
            {
                integers++;
                Assert.False(node.TryGetProperty("pattern", out _), node.ToString());
            }
        Assert.True(integers > 10);
    }

    [Fact]
    public async Task OpenApi_documents_the_health_routes()
    {
        var paths = (await Document()).GetProperty("paths");
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            var responses = paths.GetProperty(path).GetProperty("get").GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out _), path);
            Assert.True(responses.GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _), path);
        }
    }

    /// <summary>
    /// A small schema-driven fuzzer over every /v1 route: a request the document allows (AccessTests' sample) is not refused
    /// with 400, and changing any one documented constraint of it (a path, query or header pattern; a body property's pattern,
    /// enum, integer type, minimum, length or item count) to a value the document forbids is refused with 400.
    /// </summary>
    [Theory]
    [MemberData(nameof(AccessTests.Routes), MemberType = typeof(AccessTests))]
    public async Task Every_documented_constraint_is_what_the_server_enforces(string method, string path, string? body, string role)
    {
        var document = await Document();
        var (template, operation) = Operation(document, method, path);
        var token = await api.Token(role, "S-1");
        var query = path.Contains('?') ? path[path.IndexOf('?')..] : "";
        var segments = path.Split('?')[0].Split('/');
        var templateSegments = template.Split('/');

        Task<Reply> Send(string p, string? b, string key = "k-fuzz") => api.Send(new HttpMethod(method), p, token, b, key);
        var baseline = await Send(path, body);
        Assert.True(baseline.Status != HttpStatusCode.BadRequest, $"{method} {path}: {baseline.Body}");

        var tried = 0;
        foreach (var parameter in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
        {
            var name = parameter.GetProperty("name").GetString()!;
            if (!parameter.GetProperty("schema").TryGetProperty("pattern", out var pattern)) continue;
            Assert.True(Violations.TryGetValue(pattern.GetString()!, out var bad), $"no violating sample for {pattern}");
            var request = parameter.GetProperty("in").GetString() switch
            {
                "path" => Send(string.Join('/', segments.Select((s, i) => templateSegments[i] == $"{{{name}}}" ? Uri.EscapeDataString(bad) : s)) + query, body),
                "query" => Send($"{path.Split('?')[0]}?{name}={Uri.EscapeDataString(bad)}", body),
                "header" => Send(path, body, bad),
                var where => throw new InvalidOperationException(where),
            };
            (await request).Is(HttpStatusCode.BadRequest, "validation-failed");
            tried++;
        }

        if (body is not null && operation.TryGetProperty("requestBody", out var requestBody))
        {
            var schema = Resolve(document, requestBody.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            foreach (var broken in Violate(document, schema, JsonNode.Parse(body)!))
            {
                var reply = await Send(path, broken.ToJsonString());
                Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{method} {path} accepted {broken.ToJsonString()[..Math.Min(300, broken.ToJsonString().Length)]}: {(int)reply.Status}");
                tried++;
            }
        }
        _ = tried;
    }

    /// <summary>Copies of <paramref name="body"/>, each breaking one constraint <paramref name="schema"/> documents.</summary>
    private static IEnumerable<JsonNode> Violate(JsonElement document, JsonElement schema, JsonNode body)
    {
        if (!schema.TryGetProperty("properties", out var properties) || body is not JsonObject obj) yield break;
        foreach (var property in properties.EnumerateObject())
        {
            if (!obj.ContainsKey(property.Name)) continue;
            var value = obj[property.Name];
            var rule = Resolve(document, property.Value);
            foreach (var bad in Breaking(document, rule, value))
            {
                var copy = body.DeepClone().AsObject();
                copy[property.Name] = bad;
                yield return copy;
            }
        }
    }

    private static IEnumerable<JsonNode?> Breaking(JsonElement document, JsonElement rule, JsonNode? value)
    {
        if (rule.TryGetProperty("pattern", out var pattern))
        {
            Assert.True(Violations.TryGetValue(pattern.GetString()!, out var bad), $"no violating sample for {pattern}");
            yield return JsonValue.Create(bad);
        }
        if (rule.TryGetProperty("maxLength", out var maxLength)) yield return JsonValue.Create(new string('x', maxLength.GetInt32() + 1));
        if (rule.TryGetProperty("enum", out var names) && names.GetArrayLength() > 1)
        {
            yield return JsonValue.Create($"{names[0].GetString()}, {names[1].GetString()}");
            yield return JsonValue.Create("1");
        }
        if (Types(rule).Contains("integer"))
        {
            yield return JsonValue.Create(value!.ToJsonString());
            if (rule.TryGetProperty("minimum", out var minimum)) yield return JsonValue.Create(minimum.GetInt64() - 1);
        }
        if (rule.TryGetProperty("items", out var items) && value is JsonArray array && array.Count > 0)
        {
            if (rule.TryGetProperty("minItems", out var minItems)) yield return new JsonArray([.. array.Take(minItems.GetInt32() - 1).Select(i => i!.DeepClone())]);
            if (rule.TryGetProperty("maxItems", out var maxItems)) yield return new JsonArray([.. Enumerable.Range(0, maxItems.GetInt32() + 1).Select(i => JsonValue.Create($"P-{i}"))]);
            foreach (var bad in Breaking(document, Resolve(document, items), array[0]))
            {
                var copy = array.DeepClone().AsArray();
                copy[0] = bad;
                yield return copy;
            }
        }
        if (value is JsonObject)
            foreach (var nested in Violate(document, rule, value)) yield return nested;
    }

    private static HashSet<string?> Types(JsonElement rule) => !rule.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString())] : [type.GetString()];

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static (string Template, JsonElement Operation) Operation(JsonElement document, string method, string path)
    {
        var segments = path.Split('?')[0].Split('/');
        var match = document.GetProperty("paths").EnumerateObject().Single(p =>
        {
            var template = p.Name.Split('/');
            return template.Length == segments.Length && template.Zip(segments).All(t => t.First.StartsWith('{') || t.First == t.Second);
        });
        return (match.Name, match.Value.GetProperty(method.ToLowerInvariant()));
    }

    private static JsonElement Parameter(JsonElement document, string path, string method, string name) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static IEnumerable<JsonElement> Nodes(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
                foreach (var child in Nodes(property.Value)) yield return child;
        }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var child in element.EnumerateArray().SelectMany(Nodes)) yield return child;
    }
}
