using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OtpGrains.Silo;

/// <summary>
/// How grain state is written as JSON. Every stored row is a contract with the code that reads it
/// later, so nothing in a row may depend on the order of an enum's members:
/// <list type="bullet">
/// <item>Enums are stored by name, and always written, even when they hold their first member. Rows
/// written before this (enums as numbers, in declaration order, which has not changed since) still
/// read, because numbers stay accepted on read.</item>
/// <item>Other members holding their type's default (false, 0, null) are left out: every state type
/// starts from those defaults, so reading a row back gives the same state, and a package row,
/// rewritten on every attempt, is that much smaller.</item>
/// <item>Computed members are marked <see cref="JsonIgnoreAttribute"/> where they are declared.</item>
/// </list>
/// </summary>
public static class StoredJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: true));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AlwaysWriteEnums);
    }

    // A left-out enum would read back as whatever member is declared first at the time.
    private static void AlwaysWriteEnums(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType.IsEnum) property.ShouldSerialize = static (_, _) => true;
        }
    }
}
