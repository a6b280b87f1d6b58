using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OtpGrains.Gateway.Hosting;

/// <summary>
/// The OpenAPI document says exactly what the gateway accepts, so that a generated client or a
/// schema-driven fuzzer finds no difference: the shapes of ids, codes, digits, dates and times (the same
/// <see cref="Input"/> shapes the handlers check), enums as string enums, required headers and queries,
/// lengths and counts, and the health routes, which are not endpoints the document would otherwise see.
/// </summary>
public static class OpenApiContract
{
    public static IServiceCollection AddOtpOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer<BearerSecurityTransformer>();
        o.AddDocumentTransformer<HealthRoutesTransformer>();
        o.AddOperationTransformer<ContractParametersTransformer>();
        o.AddSchemaTransformer<ContractSchemasTransformer>();
    });

    internal static OpenApiSchema Text(string pattern, int? maxLength = null, int? minLength = null) =>
        new() { Type = JsonSchemaType.String, Pattern = pattern, MaxLength = maxLength, MinLength = minLength };

    internal static void Shape(OpenApiSchema schema, OpenApiSchema shape)
    {
        schema.Pattern = shape.Pattern ?? schema.Pattern;
        schema.MaxLength = shape.MaxLength ?? schema.MaxLength;
        schema.MinLength = shape.MinLength ?? schema.MinLength;
        schema.Format = shape.Format ?? schema.Format;
        schema.Description = shape.Description ?? schema.Description;
    }

    internal static readonly OpenApiSchema Id = Text(Input.Patterns.Id);
    internal static readonly OpenApiSchema Date = new()
    {
        Type = JsonSchemaType.String, Pattern = Input.Patterns.Date, Format = "date",
        Description = "yyyy-MM-dd, from yesterday to Policy:MaxDaysAhead (default 30) days ahead on the UTC calendar.",
    };
    internal static readonly OpenApiSchema Time = new() { Type = JsonSchemaType.String, Pattern = Input.Patterns.Time, Description = "HH:mm, station-local." };
}

/// <summary>Path ids, the required <c>Idempotency-Key</c> of driver commands, the required itinerary date, and the body limit.</summary>
public sealed class ContractParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            // Every path parameter of this API is an id (trackingId, stationId, routeId, driverId).
            if (parameter.In == ParameterLocation.Path)
                parameter.Schema = OpenApiContract.Text(Input.Patterns.Id);
            else if (parameter.In == ParameterLocation.Header && parameter.Name == DriverApi.IdempotencyKeyHeader)
            {
                parameter.Required = true;
                parameter.Schema = OpenApiContract.Text(Input.Patterns.IdempotencyKey, Input.MaxIdempotencyKeyLength, 1);
                parameter.Description = "1-128 printable ASCII characters. A repeat on the same package returns the first answer and spends nothing.";
            }
            else if (parameter.In == ParameterLocation.Query && parameter.Name == "date")
            {
                parameter.Required = true;
                var date = new OpenApiSchema { Type = JsonSchemaType.String };
                OpenApiContract.Shape(date, OpenApiContract.Date);
                parameter.Schema = date;
            }
        }

        if (operation.RequestBody is OpenApiRequestBody body)
            body.Description = $"JSON (application/json), at most {BodySizeLimit.MaxBytes} bytes; a larger body is 413.";
        return Task.CompletedTask;
    }
}

/// <summary>The shapes of request fields, string enums, and instants (written in UTC by <see cref="UtcInstants"/>).</summary>
public sealed class ContractSchemasTransformer : IOpenApiSchemaTransformer
{
    private static readonly OpenApiSchema Note = OpenApiContract.Text(Input.Patterns.OptionalText, Input.MaxNoteLength);
    private static readonly OpenApiSchema Name = OpenApiContract.Text(Input.Patterns.OptionalText, Input.MaxNameLength);

    /// <summary>Request fields by the record that carries them and their JSON name.</summary>
    private static readonly Dictionary<(Type, string), OpenApiSchema> Fields = new()
    {
        [(typeof(RegisterPackageRequest), "customerId")] = OpenApiContract.Id,
        [(typeof(RegisterPackageRequest), "customerEmail")] = OpenApiContract.Text(Input.Patterns.Email, Input.MaxEmailLength),
        [(typeof(RegisterPackageRequest), "customerPhone")] = OpenApiContract.Text(Input.Patterns.Phone),
        [(typeof(RegisterPackageRequest), "category")] = OpenApiContract.Text(Input.Patterns.RequiredText, Input.MaxCategoryLength, 1),
        [(typeof(RegisterPackageRequest), "stationId")] = OpenApiContract.Id,
        [(typeof(DeclaredValue), "currency")] = OpenApiContract.Text(Input.Patterns.Currency),
        [(typeof(BuildRouteRequest), "driverId")] = OpenApiContract.Id,
        [(typeof(BuildRouteRequest), "date")] = OpenApiContract.Date,
        [(typeof(BuildRouteRequest), "blockStart")] = OpenApiContract.Time,
        [(typeof(BuildRouteRequest), "blockEnd")] = OpenApiContract.Time,
        [(typeof(OtpRequest), "code")] = OpenApiContract.Text(Input.Patterns.Code),
        [(typeof(OtpRequest), "recipientName")] = Name,
        [(typeof(FallbackRequest), "phoneLastTwo")] = OpenApiContract.Text(Input.Patterns.PhoneLastTwo),
        [(typeof(FallbackRequest), "recipientName")] = Name,
        [(typeof(DeliveredRequest), "recipientName")] = Name,
        [(typeof(UndeliverableRequest), "note")] = Note,
        [(typeof(ExcuseRequest), "note")] = OpenApiContract.Text(Input.Patterns.RequiredText, Input.MaxNoteLength, 1),
        [(typeof(DevTokenRequest), "subject")] = OpenApiContract.Id,
        [(typeof(RouteResponse), "date")] = OpenApiContract.Date,
        [(typeof(ItineraryResponse), "date")] = OpenApiContract.Date,
        [(typeof(CustomerPackageResponse), "deliveryDate")] = OpenApiContract.Date,
        [(typeof(CustomerPackageResponse), "redeliveryDate")] = OpenApiContract.Date,
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            // ExactEnumNames reads and writes names only, so the schema is a string enum of exactly those.
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
            schema.Enum = Names(underlying);
        }
        else if (underlying == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
            schema.Format = "date-time";
            schema.Description ??= "An instant in UTC (ISO 8601, ending in Z).";
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is not OpenApiSchema field) continue;
            // The exporter cannot see through ExactEnumNames inside collections: name their items and keys.
            var clr = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (clr is not null && Collection(clr, typeof(IEnumerable<>)) is [{ IsEnum: true } item] && field.Items is null or OpenApiSchema { Type: null, Enum: null })
                field.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Names(item) };
            if (clr is not null && Collection(clr, typeof(IReadOnlyDictionary<,>)) is [{ IsEnum: true } key, _])
                field.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Names(key) };
            if (Fields.TryGetValue((type, name), out var shape)) OpenApiContract.Shape(field, shape);
            if (type == typeof(DeclaredValue) && name == "amountMinor") field.Minimum = "0";
            if (type == typeof(DevTokenRequest) && name == "role") field.Enum = [.. Roles.All.Select(r => (JsonNode)JsonValue.Create(r))];
            if (type == typeof(BuildRouteRequest) && name == "trackingIds")
            {
                field.MinItems = 1;
                field.MaxItems = Input.MaxStops;
                field.Items = OpenApiContract.Text(Input.Patterns.Id);
            }
        }
        return Task.CompletedTask;
    }

    private static List<JsonNode> Names(Type enumType) => [.. Enum.GetNames(enumType).Select(n => (JsonNode)JsonValue.Create(n))];

    /// <summary>The type arguments of <paramref name="generic"/> when <paramref name="type"/> is or implements it.</summary>
    private static Type[] Collection(Type type, Type generic) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic))
            ?.GetGenericArguments() ?? [];
}

/// <summary>Documents <c>/health/live</c> and <c>/health/ready</c>, which health-check endpoints do not expose to the API explorer.</summary>
public sealed class HealthRoutesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        document.Paths["/health/live"] = Probe("Liveness: 200 while the process runs.");
        document.Paths["/health/ready"] = Probe("Readiness: 200 when this process can serve (the cluster answers), else 503.");
        return Task.CompletedTask;

        OpenApiPathItem Probe(string summary) => new()
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = summary,
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "Healthy",
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new()
                                {
                                    Schema = new OpenApiSchema
                                    {
                                        Type = JsonSchemaType.Object,
                                        Properties = new Dictionary<string, IOpenApiSchema> { ["status"] = new OpenApiSchema { Type = JsonSchemaType.String } },
                                    },
                                },
                            },
                        },
                        ["503"] = new OpenApiResponse
                        {
                            Description = "Not ready",
                            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } },
                        },
                    },
                },
            },
        };
    }
}
