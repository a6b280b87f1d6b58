using Microsoft.Extensions.Configuration;
using OtpGrains.Hosting.Configuration;

namespace OtpGrains.Hosting.Postgres;

/// <summary>Reads the fixed configuration keys of CONFIG.md that select the ADO.NET providers.</summary>
public static class AdoNetConfiguration
{
    public const string ClusteringKey = "Orleans:Clustering";
    public const string StorageKey = "Orleans:Storage";
    public const string ConnectionStringName = "Orleans";
    public const string AdoNet = "AdoNet";

    /// <summary>True for <c>Orleans:Clustering=AdoNet</c>, false for Localhost (the default).</summary>
    public static bool ClusteringIsAdoNet(IConfiguration config) => IsAdoNet(config, ClusteringKey, "Localhost");

    /// <summary>True for <c>Orleans:Storage=AdoNet</c>, false for Memory (the default).</summary>
    public static bool StorageIsAdoNet(IConfiguration config) => IsAdoNet(config, StorageKey, "Memory");

    /// <summary>
    /// Returns <c>ConnectionStrings:Orleans</c> or throws the one-line error an operator needs.
    /// </summary>
    /// <param name="reason">The setting that made the connection string necessary, e.g. "Orleans:Clustering".</param>
    public static string RequireConnectionString(IConfiguration config, string reason)
    {
        var connectionString = config.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new MisconfigurationException(
                $"ConnectionStrings:Orleans is required when {reason} is AdoNet (set ConnectionStrings__Orleans to an Npgsql connection string).");
        }

        return connectionString;
    }

    /// <summary>Names the setting(s) that are AdoNet, for error messages.</summary>
    public static string DescribeAdoNetUse(IConfiguration config) =>
        (ClusteringIsAdoNet(config), StorageIsAdoNet(config)) switch
        {
            (true, true) => $"{ClusteringKey} or {StorageKey}",
            (true, false) => ClusteringKey,
            _ => StorageKey,
        };

    // A typo such as "Adonet " or "Postgres" must not silently fall back to non-durable memory.
    private static bool IsAdoNet(IConfiguration config, string key, string localValue)
    {
        var value = config[key]?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals(localValue, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (value.Equals(AdoNet, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw new MisconfigurationException($"{key} must be {localValue} or {AdoNet}, not '{value}'.");
    }
}
