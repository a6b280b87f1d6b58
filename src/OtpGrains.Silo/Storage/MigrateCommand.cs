using Microsoft.Extensions.Configuration;

namespace OtpGrains.Silo.Storage;

/// <summary>
/// The silo's <c>migrate</c> command and its start-up guard, so the Program only has to call them.
/// Both speak to operators in single lines and never print the connection string's password.
/// </summary>
public static class MigrateCommand
{
    /// <summary>
    /// Applies <c>deploy/sql/</c> to <c>ConnectionStrings:Orleans</c>. Returns 0 when the database is
    /// up to date afterwards (also when nothing had to be done), non-zero with one clear line otherwise.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration config, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(output);

        var connectionString = config.GetConnectionString(AdoNetConfiguration.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await output.WriteLineAsync(
                "migrate needs ConnectionStrings:Orleans (for example ConnectionStrings__Orleans=\"Host=...;Database=...;Username=...;Password=...\").");
            return 2;
        }

        var where = PostgresEndpoint.Describe(connectionString);
        try
        {
            await SchemaMigrator.MigrateAsync(connectionString, output, ct);

            // Read the journal back rather than trusting the run: this is the same check a silo makes.
            var problem = await SchemaMigrator.CheckAsync(connectionString, ct);
            if (problem is not null)
            {
                await output.WriteLineAsync(problem);
                return 1;
            }

            await output.WriteLineAsync(
                $"The database at {where} is up to date ({SchemaMigrator.ScriptNames.Count} migrations applied).");
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await output.WriteLineAsync($"Migration of {where} was cancelled; run it again to finish (each script is atomic).");
            return 130;
        }
        catch (InvalidOperationException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            // Last resort: still one line, with the cause chain, and no stack trace for operators.
            await output.WriteLineAsync($"Migrating the database at {where} failed: {PostgresEndpoint.Explain(ex)}.");
            return 1;
        }
    }

    /// <summary>
    /// Start-up guard: true when neither clustering nor storage is AdoNet, or when the database has
    /// every migration. Otherwise writes one line saying what is wrong and how to fix it, and returns false.
    /// </summary>
    public static async Task<bool> EnsureMigratedAsync(IConfiguration config, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(error);

        string? problem;
        try
        {
            if (!AdoNetConfiguration.ClusteringIsAdoNet(config) && !AdoNetConfiguration.StorageIsAdoNet(config))
            {
                return true;
            }

            var connectionString = AdoNetConfiguration.RequireConnectionString(config, AdoNetConfiguration.DescribeAdoNetUse(config));
            problem = await SchemaMigrator.CheckAsync(connectionString, ct);
        }
        catch (InvalidOperationException ex)
        {
            problem = ex.Message;
        }

        if (problem is null)
        {
            return true;
        }

        await error.WriteLineAsync(problem);
        return false;
    }
}
