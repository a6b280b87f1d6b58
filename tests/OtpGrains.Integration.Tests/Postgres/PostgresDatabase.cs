using Npgsql;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// A fresh, migrated database of its own for one test class (<c>otp_&lt;random&gt;</c> on the test
/// server), dropped afterwards, so classes never see each other's rows.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public string Name { get; } = $"otp_{Guid.NewGuid():N}"[..16];

    /// <summary>The Npgsql connection string of this database.</summary>
    public string ConnectionString { get; private set; } = "";

    public NpgsqlConnectionStringBuilder Settings => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var server = PostgresServer.ConnectionString;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            // The name is ours (letters, digits, underscore), so formatting it in is safe.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
        await SchemaMigrator.MigrateAsync(ConnectionString, TextWriter.Null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0) return; // never created: InitializeAsync already said why
        // A test that stopped the server restarts it in its own finally; this is the last resort.
        if (!await PostgresServer.IsUpAsync()) await PostgresServer.StartAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one statement on this database and returns the number of rows it touched.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one query and returns its first column's first value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
