using System.Reflection;
using System.Text;
using DbUp;
using DbUp.Engine;
using Npgsql;

namespace OtpGrains.Silo.Storage;

/// <summary>
/// Applies the SQL migrations of <c>deploy/sql/</c> (embedded in this assembly) with DbUp and tells
/// whether a database has all of them. DbUp records applied scripts in a journal table, so applying
/// twice changes nothing, and the scripts themselves are replay-safe as a second line of defence.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The DbUp journal: one row per applied script, named by its file name.</summary>
    public const string JournalSchema = "public";

    /// <summary>The DbUp journal table name.</summary>
    public const string JournalTable = "otpgrains_schema_versions";

    /// <summary>The command an operator runs to migrate, quoted in every "not migrated" message.</summary>
    public const string MigrateHint = "dotnet run --project src/OtpGrains.Silo -- migrate";

    private const string ResourcePrefix = "OtpGrains.Sql.";

    // Any fixed 64-bit number works; it only has to be the same for every migrator of this schema.
    private const long MigrationLockKey = 0x4F5450_4D494752; // "OTP" "MIGR"

    /// <summary>The embedded scripts in the order DbUp applies them (by file name).</summary>
    public static IReadOnlyList<string> ScriptNames => LoadScripts().Select(s => s.Name).ToArray();

    /// <summary>
    /// Creates the database when it does not exist yet, then applies every script not yet in the
    /// journal, each in its own transaction. Concurrent migrators wait for each other.
    /// </summary>
    /// <exception cref="InvalidOperationException">With one clear line when anything fails.</exception>
    public static async Task MigrateAsync(string connectionString, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        var builder = PostgresEndpoint.Parse(connectionString);
        var where = PostgresEndpoint.Describe(builder);

        await EnsureDatabaseAsync(builder, where, log, ct);

        await using var lockConnection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await lockConnection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Cannot reach PostgreSQL at {where}: {PostgresEndpoint.Explain(ex)}.", ex);
        }

        // A session-level advisory lock held on a side connection: two "migrate" runs started at the
        // same time (two deploy jobs, two up.sh) would otherwise race to create the journal table.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }

        try
        {
            var engine = DeployChanges.To
                .PostgresqlDatabase(builder.ConnectionString)
                .WithScripts(LoadScripts())
                .JournalToPostgresqlTable(JournalSchema, JournalTable)
                .WithTransactionPerScript()
                // Scripts use PostgreSQL dollar quoting, which DbUp would take for $variables$.
                .WithVariablesDisabled()
                .LogTo(new TextWriterUpgradeLog(log))
                .Build();

            // DbUp is synchronous; keep the caller's thread free and honour cancellation before we start.
            ct.ThrowIfCancellationRequested();
            var result = await Task.Run(engine.PerformUpgrade, ct);
            if (!result.Successful)
            {
                var script = result.ErrorScript?.Name ?? "(unknown script)";
                var reason = result.Error is null ? "unknown error" : PostgresEndpoint.Explain(result.Error);
                throw new InvalidOperationException(
                    $"Migrating the database at {where} failed in {script}: {reason}.", result.Error);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Returns null when every embedded script is recorded in the database's journal; otherwise one
    /// line an operator can act on (what is wrong and which command fixes it). Never shows the password.
    /// </summary>
    public static async Task<string?> CheckAsync(string connectionString, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = PostgresEndpoint.Parse(connectionString);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }

        var where = PostgresEndpoint.Describe(builder);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);

            var applied = await ReadJournalAsync(connection, ct);
            var missing = ScriptNames.Where(name => !applied.Contains(name)).ToArray();
            if (missing.Length == 0)
            {
                return null;
            }

            return $"The database at {where} is not migrated (missing {string.Join(", ", missing)}); run: {MigrateHint}";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return $"The database at {where} does not exist; run: {MigrateHint}";
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword
                                               or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"PostgreSQL at {where} refused user '{builder.Username}': {PostgresEndpoint.OneLine(ex.MessageText)}; check ConnectionStrings:Orleans.";
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return $"Cannot reach PostgreSQL at {where}: {PostgresEndpoint.Explain(ex)}; check ConnectionStrings:Orleans and that the server is running.";
        }
    }

    private static async Task<HashSet<string>> ReadJournalAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("name", $"{JournalSchema}.{JournalTable}");
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return applied;
            }
        }

        // Identifiers are our constants, not input, so formatting them in is safe.
        await using var read = new NpgsqlCommand($"SELECT scriptname FROM {JournalSchema}.{JournalTable}", connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    // DbUp can create a missing database, but only through the maintenance database, which an
    // application login often may not use. So try the target first and go there only if needed.
    private static async Task EnsureDatabaseAsync(
        NpgsqlConnectionStringBuilder builder, string where, TextWriter log, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            log.WriteLine($"Database {where} does not exist; creating it.");
            try
            {
                await Task.Run(() => EnsureDatabase.For.PostgresqlDatabase(builder.ConnectionString, new TextWriterUpgradeLog(TextWriter.Null)), ct);
            }
            catch (Exception createError) when (createError is not OperationCanceledException)
            {
                throw new InvalidOperationException(
                    $"The database at {where} does not exist and could not be created: {PostgresEndpoint.Explain(createError)}.", createError);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Cannot reach PostgreSQL at {where}: {PostgresEndpoint.Explain(ex)}.", ex);
        }
    }

    private static List<SqlScript> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<SqlScript>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                                 && n.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            scripts.Add(new SqlScript(resource[ResourcePrefix.Length..], ReadResource(assembly, resource)));
        }

        if (scripts.Count == 0)
        {
            // A build that lost the EmbeddedResource item must not report "up to date".
            throw new InvalidOperationException("No SQL migrations are embedded in OtpGrains.Silo; check its csproj.");
        }

        return scripts;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"Embedded migration {name} cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
