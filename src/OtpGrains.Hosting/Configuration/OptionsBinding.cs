using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace OtpGrains.Hosting.Configuration;

/// <summary>The one way settings become options, in every process.</summary>
public static class OptionsBinding
{
    /// <summary>
    /// <c>AddOptions&lt;T&gt;().Bind(section)</c> with the section's keys registered as known (so a
    /// misspelled one is refused) and validation at start (so a bad value stops the process in one line).
    /// A configured list or dictionary replaces its default instead of being added to it:
    /// <c>Policy:OtpCategories:0=jewellery</c> means just jewellery.
    /// </summary>
    public static OptionsBuilder<T> AddOtpOptions<T>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class
    {
        var section = configuration.GetSection(sectionName);
        services.AddKnownSettings<T>(sectionName);
        var options = services.AddOptions<T>()
            .Configure(o => ClearConfiguredCollections(o, section))
            .Bind(section);
        options.ValidateOnStart();
        return options;
    }

    /// <summary>
    /// The configuration binder adds configured items to a collection that already holds defaults;
    /// emptying the configured ones first (their comparers kept) makes configuration replace them.
    /// </summary>
    private static void ClearConfiguredCollections(object options, IConfiguration section)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var child = section.GetSection(property.Name);
            if (!child.Exists()) continue;
            var value = property.GetValue(options);
            switch (value)
            {
                case null or string:
                    continue;
                case Array array when property.CanWrite:
                    property.SetValue(options, Array.CreateInstance(array.GetType().GetElementType()!, 0));
                    break;
                case IDictionary dictionary:
                    dictionary.Clear();
                    break;
                case IEnumerable when value.GetType().GetMethod("Clear", Type.EmptyTypes) is { } clear:
                    clear.Invoke(value, null);
                    break;
                case not IEnumerable when !property.PropertyType.IsValueType:
                    ClearConfiguredCollections(value, child);
                    break;
            }
        }
    }
}
