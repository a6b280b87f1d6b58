using Microsoft.Extensions.Configuration;
using Npgsql;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Tests.Postgres;

/// <summary>The schema is applied by one idempotent command, and a silo refuses a database without it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests : IAsyncLifetime
{
    /// <summary>Every query the 10.4.2 clustering, persistence and reminder providers look up by key.</summary>
    private static readonly string[] ProviderQueries =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "GatewaysQueryKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private readonly string name = $"otp_raw_{Guid.NewGuid():N}"[..20];
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        await using var server = new NpgsqlConnection(PostgresServer.ConnectionString);
        await server.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
        await create.ExecuteNonQueryAsync();
        connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(PostgresServer.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Migrate_twice_changes_nothing_the_second_time_and_leaves_every_provider_query()
    {
        var configuration = Configuration();
        Assert.NotNull(await SchemaMigrator.CheckAsync(connectionString, CancellationToken.None));

        Assert.Equal(0, await MigrateCommand.RunAsync(configuration, TextWriter.Null, CancellationToken.None));
        var journal = await Rows($"SELECT scriptname || '@' || applied::text FROM {SchemaMigrator.JournalTable} ORDER BY scriptname");
        var queries = await Rows("SELECT querykey || ':' || md5(querytext) FROM orleansquery ORDER BY querykey");
        var second = new StringWriter();
        Assert.Equal(0, await MigrateCommand.RunAsync(configuration, second, CancellationToken.None));

        Assert.Equal(journal, await Rows($"SELECT scriptname || '@' || applied::text FROM {SchemaMigrator.JournalTable} ORDER BY scriptname"));
        Assert.Equal(queries, await Rows("SELECT querykey || ':' || md5(querytext) FROM orleansquery ORDER BY querykey"));
        Assert.Equal(SchemaMigrator.ScriptNames.Count, journal.Count);
        Assert.Null(await SchemaMigrator.CheckAsync(connectionString, CancellationToken.None));
        var keys = queries.Select(q => q.Split(':')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(ProviderQueries, key => Assert.Contains(key, keys));
        Assert.Contains("up to date", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_state_payloads_stay_in_the_row_and_compress_with_lz4()
    {
        Assert.Equal(0, await MigrateCommand.RunAsync(Configuration(), TextWriter.Null, CancellationToken.None));

        // attstorage 'm' = MAIN (compressed in line, not moved to TOAST first); attcompression 'l' = lz4.
        var column = await Rows("SELECT attstorage::text || attcompression::text FROM pg_attribute WHERE attrelid = 'orleans_grain_state'::regclass AND attname = 'payload'");
        Assert.Equal("ml", Assert.Single(column));
        var options = await Rows("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'orleans_grain_state'::regclass");
        Assert.Contains("fillfactor=80", Assert.Single(options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_on_an_unmigrated_database_exits_non_zero_with_one_clear_line()
    {
        var work = Directory.CreateTempSubdirectory("otp-unmigrated-");
        var environment = new Dictionary<string, string>
        {
            ["Orleans__Clustering"] = "AdoNet",
            ["Orleans__Storage"] = "AdoNet",
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Email__PickupDirectory"] = Path.Combine(work.FullName, "mail"),
        };
        await using var silo = SiloProcess.Start("unmigrated", environment, work.FullName);

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo kept running on an unmigrated database");

        Assert.NotEqual(0, silo.ExitCode);
        var line = Assert.Single(silo.Lines, l => !string.IsNullOrWhiteSpace(l));
        Assert.Contains("not migrated", line, StringComparison.Ordinal);
        Assert.Contains("-- migrate", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(connectionString).Password!, line, StringComparison.Ordinal);
        work.Delete(recursive: true);
    }

    private IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orleans"] = connectionString }).Build();

    private async Task<List<string>> Rows(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
