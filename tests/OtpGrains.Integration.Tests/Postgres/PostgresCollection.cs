namespace OtpGrains.Tests.Postgres;

/// <summary>
/// Every PostgreSQL test runs in this one collection, one test at a time: one of them stops the
/// shared server, and the real-process crash test needs the machine's two cores to itself.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection
{
    public const string Name = "postgres";
}
