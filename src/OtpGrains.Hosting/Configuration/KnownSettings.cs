using System.Collections;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OtpGrains.Hosting.Configuration;

/// <summary>
/// The keys one of the project's own configuration sections may hold, as patterns relative to the
/// section: <c>SiloPort</c>, <c>Smtp:Host</c>, <c>Keys:*</c> (<c>*</c> is any one segment: a
/// dictionary key, a list index, a station id).
/// </summary>
public sealed record KnownSection(string Name, IReadOnlyList<string> Patterns);

/// <summary>
/// Misspelled keys must not be silently ignored: <c>Orleans__Storag=AdoNet</c> once let a silo join a
/// durable cluster with memory storage. Each process registers the keys of the sections it reads
/// (several registrations of one section add up, so another area can add its own keys), and at start
/// any other key in those sections stops the process with one line naming it and the nearest known key.
/// Sections nobody registered (Logging, Kestrel, another process's section) are not checked.
/// </summary>
public static class KnownSettings
{
    /// <summary>Registers <paramref name="patterns"/> as known keys of <paramref name="section"/>.</summary>
    public static IServiceCollection AddKnownSettings(this IServiceCollection services, string section, params string[] patterns)
    {
        services.AddSingleton(new KnownSection(section, patterns));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UnknownSettingsCheck>, UnknownSettingsValidator>());
        services.AddOptions<UnknownSettingsCheck>().ValidateOnStart();
        return services;
    }

    /// <summary>Registers every property of <typeparamref name="T"/> (nested objects, dictionaries and lists included) as a key of <paramref name="section"/>.</summary>
    public static IServiceCollection AddKnownSettings<T>(this IServiceCollection services, string section) =>
        services.AddKnownSettings(section, [.. PatternsOf(typeof(T), "")]);

    /// <summary>
    /// The first key of <paramref name="configuration"/> in a registered section that no pattern
    /// allows, as the line an operator reads; null when every key is known.
    /// </summary>
    public static string? FindUnknown(IConfiguration configuration, IEnumerable<KnownSection> sections)
    {
        foreach (var group in sections.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            var patterns = group.SelectMany(s => s.Patterns).Distinct(StringComparer.OrdinalIgnoreCase).Select(p => p.Split(':')).ToArray();
            var section = configuration.GetSection(group.Key);
            var prefix = section.Path.Length + 1;
            foreach (var (key, value) in section.AsEnumerable())
            {
                // Intermediate sections (Email:Smtp, or the section itself, which some sources give an
                // empty value) are not settings; only the keys below them are checked.
                if (value is null || key.Length <= section.Path.Length || configuration.GetSection(key).GetChildren().Any()) continue;
                var relative = key[prefix..].Split(':');
                if (patterns.Any(p => Matches(p, relative))) continue;
                var nearest = patterns
                    .Select(p => $"{section.Path}:{string.Join(':', p.Select((segment, i) => segment == "*" && i < relative.Length ? relative[i] : segment))}")
                    .MinBy(known => Distance(known.ToLowerInvariant(), key.ToLowerInvariant()));
                return nearest is null
                    ? $"Unknown setting {key}: the {section.Path} section has no keys."
                    : $"Unknown setting {key}; did you mean {nearest}? (Misspelled settings are refused rather than ignored.)";
            }
        }

        return null;
    }

    private static bool Matches(string[] pattern, string[] key) =>
        pattern.Length == key.Length
        && pattern.Zip(key).All(pair => pair.First == "*" || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> PatternsOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var name = prefix + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return name;
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // A dictionary's keys or a list's indexes; a list may also be one comma-separated value.
                yield return name + ":*";
                yield return name;
            }
            else
            {
                foreach (var nested in PatternsOf(propertyType, name + ":")) yield return nested;
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(TimeOnly) || type == typeof(DateOnly) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri);

    /// <summary>Levenshtein distance: how many one-character edits turn one key into the other.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}

/// <summary>The options type whose start-up validation runs the unknown-key check.</summary>
public sealed class UnknownSettingsCheck;

internal sealed class UnknownSettingsValidator(IConfiguration configuration, IEnumerable<KnownSection> sections) : IValidateOptions<UnknownSettingsCheck>
{
    public ValidateOptionsResult Validate(string? name, UnknownSettingsCheck options) =>
        KnownSettings.FindUnknown(configuration, sections) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
