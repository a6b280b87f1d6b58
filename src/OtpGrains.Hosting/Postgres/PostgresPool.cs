using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace OtpGrains.Hosting.Postgres;

/// <summary>The process's shared Npgsql pool, as every ADO.NET provider (silo or client) uses it.</summary>
public static class PostgresPool
{
    /// <summary>ADO.NET invariant of Npgsql; the providers default to SQL Server otherwise.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Orleans serializes only System.* and Microsoft.* exceptions by default. A grain call that fails
    /// because PostgreSQL is down throws an Npgsql exception (directly, or as the inner exception of an
    /// activation failure); without this the silo cannot send it back, and the caller gets a
    /// CodecNotFoundException instead of the storage error, which callers (the gateway) cannot tell from a bug.
    /// Clients need it too, to read such an exception back as its own type.
    /// </summary>
    private static void AllowNpgsqlExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

    /// <summary>Registers the process's one pool and lets Npgsql errors cross grain calls.</summary>
    public static void Add(IServiceCollection services, string connectionString, string applicationName)
    {
        // TryAdd: a process configured twice (e.g. a co-hosted client) still gets exactly one pool.
        services.TryAddSingleton(_ => new OtpPostgresDataSource(connectionString, applicationName));
        AllowNpgsqlExceptions(services);
    }
}

/// <summary>ADO.NET membership for Orleans clients.</summary>
public static class PostgresClustering
{
    /// <summary>
    /// For Orleans clients (the gateway in Client mode, the redelivery job): finds the silos' gateways
    /// through the ADO.NET membership table when <c>Orleans:Clustering=AdoNet</c>. Does nothing for
    /// Localhost, which the caller configures.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key has an unknown value, or the connection string is missing.</exception>
    public static IClientBuilder UseOtpAdoNetClustering(this IClientBuilder client, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(config);

        if (!AdoNetConfiguration.ClusteringIsAdoNet(config))
        {
            return client;
        }

        var connectionString = AdoNetConfiguration.RequireConnectionString(config, AdoNetConfiguration.ClusteringKey);
        PostgresPool.Add(client.Services, connectionString, "otpgrains-client");

        client.UseAdoNetClustering(options => options.Configure<OtpPostgresDataSource>((o, pool) =>
        {
            o.Invariant = PostgresPool.Invariant;
            o.DataSource = pool.DataSource;
        }));

        client.Configure<GatewayOptions>(o =>
        {
            // Default 1 min: a client would keep offering a dead silo's gateway for that long.
            o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);
        });

        return client;
    }
}
