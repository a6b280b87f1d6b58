using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OtpGrains.Gateway.Validation;

/// <summary>
/// How JSON travels (API.md): enums as their exact names, numbers as JSON numbers, instants in UTC,
/// a missing or null required field an error rather than a default.
/// </summary>
public static class ContractJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new ExactEnumNames());
        options.Converters.Add(new UtcInstants());
        // The web defaults read "120000" as a number; the contract's numbers are JSON numbers only.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }
}

/// <summary>
/// Enums as exactly one of their names, case-sensitive. <c>JsonStringEnumConverter</c> also reads
/// comma-separated names as flags (<c>"OtpLocked, CodeMissing"</c> becomes another value) and ignores case.
/// </summary>
public sealed class ExactEnumNames : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    private sealed class Names<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(v => v.ToString(), StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw Unknown();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));

        private static T Parse(string? name) => name is not null && ByName.TryGetValue(name, out var value) ? value : throw Unknown();

        private static string Name(T value) =>
            Enum.IsDefined(value) ? value.ToString() : throw new JsonException($"{typeof(T).Name} has no name for {value:D}.");

        private static JsonException Unknown() => new($"Expected one of the names of {typeof(T).Name}.");
    }
}

/// <summary>Every instant is written in UTC with a <c>Z</c>, whatever offset the grain computed it in (API.md: instants are UTC).</summary>
public sealed class UtcInstants : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
}
