using Npgsql;

namespace OtpGrains.Hosting.Postgres;

/// <summary>
/// The one Npgsql data source (connection pool) that all Orleans ADO.NET providers of a process share.
/// Registered as a singleton, so the host disposes it, and wrapped in its own type so that it can never
/// be confused with an <see cref="NpgsqlDataSource"/> another component registers for its own use.
/// </summary>
public sealed class OtpPostgresDataSource : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Pool size when the connection string does not set "Maximum Pool Size". Orleans takes one pooled
    /// connection per storage, membership or reminder call and returns it at once, so 20 carries a busy
    /// silo, while a handful of silos plus gateways stays inside PostgreSQL's default max_connections (100).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Statements each connection keeps prepared when the connection string does not set "Max Auto Prepare".
    /// Orleans sends a handful of fixed statements (the storage read and write, membership, reminders);
    /// unprepared, PostgreSQL parses and plans the write on every attempt.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>Uses of a statement on one connection before it is prepared ("Auto Prepare Min Usages").</summary>
    public const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>Creates the pool for <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">Npgsql connection string (ConnectionStrings:Orleans).</param>
    /// <param name="applicationName">Shown in pg_stat_activity unless the connection string names one.</param>
    public OtpPostgresDataSource(string connectionString, string applicationName)
    {
        var builder = PostgresEndpoint.Parse(connectionString);
        var keywords = RawKeywords(connectionString);
        if (!keywords.Overlaps(["MaximumPoolSize", "MaxPoolSize"]))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!keywords.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!keywords.Contains("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }

        // Orleans sets no session state, so the DISCARD ALL that a reset sends on every return to the
        // pool is a wasted round trip per storage call.
        if (!keywords.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // Every column is timestamptz. Orleans hands over UTC DateTimes, and a session in UTC also
        // makes any DateTime without a Kind mean UTC instead of the server's local zone.
        if (string.IsNullOrEmpty(builder.Timezone))
        {
            builder.Timezone = "UTC";
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = applicationName;
        }

        Endpoint = PostgresEndpoint.Describe(builder);
        // Named, so Npgsql's metrics and spans label the pool "host:port/database" rather than with
        // the connection string.
        DataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = Endpoint }.Build();
    }

    /// <summary>The pool handed to the providers' <c>DataSource</c> option.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>"host:port/database", safe to log.</summary>
    public string Endpoint { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => DataSource.Dispose();

    // Npgsql's builder reports every keyword it knows, set or not, so look at the raw keywords,
    // spaces removed to cover aliases such as "Maximum Pool Size", "Max Pool Size" and "MaxPoolSize".
    private static HashSet<string> RawKeywords(string connectionString)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
