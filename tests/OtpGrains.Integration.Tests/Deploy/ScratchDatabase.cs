using Npgsql;
using OtpGrains.Tests.Postgres;

namespace OtpGrains.Tests.Deploy;

/// <summary>
/// An empty, unmigrated database of its own on the test server that tests/run.sh starts
/// (<see cref="PostgresServer"/>), dropped afterwards. Outage tests in other collections stop the
/// server on purpose while this runs, so every step waits for the server to come back.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private ScratchDatabase(string server, string name)
    {
        Server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    private string Server { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var server = PostgresServer.ConnectionString;
        var database = new ScratchDatabase(server, $"deploy_{Guid.NewGuid():N}"[..20]);
        // The name is ours (letters, digits, underscore), so formatting it in is safe.
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>
    /// Runs a tool against the database; if it failed because another assembly's outage test had
    /// stopped the server meanwhile, runs it again once the server is back (at most twice more).
    /// </summary>
    public async Task<ToolResult> WhileServerUpAsync(Func<Task<ToolResult>> tool)
    {
        for (var tries = 1; ; tries++)
        {
            var run = await tool();
            if (run.ExitCode == 0 || tries == 3 || await PostgresServer.IsUpAsync()) return run;
            await ExecuteOnServerAsync("SELECT 1");
        }
    }


    public async ValueTask DisposeAsync() => await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task ExecuteOnServerAsync(string sql)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
