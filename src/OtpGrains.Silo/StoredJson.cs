using System.Text.Json;
using System.Text.Json.Serialization;

namespace OtpGrains.Silo;

/// <summary>
/// How grain state is written as JSON. Every stored row is a contract with the code that reads it
/// later, so enums are stored by name: reordering or inserting a member can never change what an
/// existing row means. Rows written before this (enums as numbers, in declaration order, which has
/// not changed since) still read, because numbers stay accepted on read. Members holding their type's
/// default (false, 0, null) are left out: every state type starts from those defaults, so reading a
/// row back gives the same state, and a package row, rewritten on every attempt, is that much smaller.
/// </summary>
public static class StoredJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: true));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault;
    }
}
