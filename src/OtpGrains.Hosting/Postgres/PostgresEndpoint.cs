using Npgsql;

namespace OtpGrains.Hosting.Postgres;

/// <summary>
/// Reads a PostgreSQL connection string for messages: "host:port/database", never the password.
/// </summary>
public static class PostgresEndpoint
{
    /// <summary>Parses the connection string, turning a malformed one into one clear line.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword; it does not echo values, so no secret leaks.
            throw new InvalidOperationException(
                $"ConnectionStrings:Orleans is not a valid Npgsql connection string ({OneLine(ex.Message)}).", ex);
        }
    }

    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var host = string.IsNullOrWhiteSpace(builder.Host) ? "localhost" : builder.Host;
        var database = string.IsNullOrWhiteSpace(builder.Database) ? builder.Username ?? "postgres" : builder.Database;
        return $"{host}:{builder.Port}/{database}";
    }

    public static string Describe(string connectionString)
    {
        try
        {
            return Describe(new NpgsqlConnectionStringBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    /// <summary>Joins an exception chain into one line, so operators see the root cause.</summary>
    public static string Explain(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = OneLine(current.Message);
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .TrimEnd('.');
}
