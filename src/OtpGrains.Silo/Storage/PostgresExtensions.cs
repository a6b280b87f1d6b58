using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

using OtpGrains.Hosting.Postgres;

namespace OtpGrains.Silo.Storage;

/// <summary>
/// Wires Orleans' ADO.NET providers to PostgreSQL from the CONFIG.md keys, and tunes membership so
/// that a crashed silo is noticed in seconds rather than the default half-minute or more.
/// </summary>
public static class PostgresExtensions
{
    /// <summary>
    /// Adds ADO.NET clustering when <c>Orleans:Clustering=AdoNet</c>, and ADO.NET grain storage named
    /// <paramref name="storageName"/> plus ADO.NET reminders when <c>Orleans:Storage=AdoNet</c>, all on
    /// <c>ConnectionStrings:Orleans</c> through one shared Npgsql pool. Localhost clustering and memory
    /// storage are left to the caller.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key has an unknown value, or the connection string is missing.</exception>
    public static ISiloBuilder UseOtpAdoNet(this ISiloBuilder silo, IConfiguration config, string storageName)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);

        var clustering = AdoNetConfiguration.ClusteringIsAdoNet(config);
        var storage = AdoNetConfiguration.StorageIsAdoNet(config);
        if (!clustering && !storage)
        {
            return silo;
        }

        var connectionString = AdoNetConfiguration.RequireConnectionString(config, AdoNetConfiguration.DescribeAdoNetUse(config));
        PostgresPool.Add(silo.Services, connectionString, "otpgrains-silo");

        if (clustering)
        {
            silo.UseAdoNetClustering(options => options.Configure<OtpPostgresDataSource>((o, pool) =>
            {
                o.Invariant = PostgresPool.Invariant;
                o.DataSource = pool.DataSource;
            }));
        }

        if (storage)
        {
            silo.AddAdoNetGrainStorage(storageName, options => options.Configure<OtpPostgresDataSource>((o, pool) =>
            {
                o.Invariant = PostgresPool.Invariant;
                o.DataSource = pool.DataSource;
            }));

            // Reminders need durable storage as much as grain state does, so they follow Orleans:Storage.
            silo.UseAdoNetReminderService(options => options.Configure<OtpPostgresDataSource>((o, pool) =>
            {
                o.Invariant = PostgresPool.Invariant;
                o.DataSource = pool.DataSource;
            }));
        }

        return silo;
    }

    /// <summary>
    /// Failure detection tuned for "a killed silo's grains answer again within about 10 seconds".
    /// <para>
    /// Orleans declares a silo dead after <c>NumMissedProbesLimit</c> missed probes, each failing after
    /// at most <c>MaxProbeTimeout</c>: here 2 × 3 s = 6 s (defaults: 3 × 20 s). The death needs
    /// min(<c>NumVotesForDeathDeclaration</c>, (active silos + 1) / 2) votes, so with 2 votes one vote
    /// suffices in a 2-silo cluster while 3+ silos still need two independent witnesses. The winning
    /// voter writes the table and gossips the change, so the survivors re-place the dead silo's grains
    /// at once; <c>TableRefreshTimeout</c> of 10 s is only the backstop for a missed gossip.
    /// </para>
    /// <para>
    /// Costs: a long GC pause or a starved 2-core host can look like death for 6 s. The silo then
    /// learns it was declared dead and stops itself (a supervisor restarts it); grain state is safe
    /// because storage ETags reject a stale activation. That trade is right for OTP deliveries, where a
    /// driver waiting a minute at a door costs more than a restarted silo.
    /// </para>
    /// </summary>
    public static ISiloBuilder UseOtpMembershipTimings(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Initial probe timeout and period (default 5 s); Orleans adapts the effective value to
            // measured round trips between MinProbeTimeout (half of this, 1 s) and MaxProbeTimeout.
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            // Caps the adaptive timeout (default 4 × ProbeTimeout) so detection stays bounded at 6 s.
            o.MaxProbeTimeout = TimeSpan.FromSeconds(3);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            // Votes older than this no longer count (default 2 min): keep them to one failure episode.
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            // Re-read the membership table every 10 s (default 60 s) in case a gossip message was lost.
            o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            // Heartbeat row every 10 s (default 30 s). With NumMissedTableIAmAliveLimit (3) this marks a
            // silo stale after 30 s, which lets peers evict a silo that vanished without being probed.
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            // Dead rows are kept 2 hours for diagnosis, swept every 10 minutes, so repeated local
            // up/down cycles and rolling restarts do not pile up rows (defaults: 1 h sweep, 7 days).
            o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
            o.DefunctSiloExpiration = TimeSpan.FromHours(2);
        });

        silo.Configure<SiloMessagingOptions>(o =>
        {
            // Default 30 s. Grain calls here are short (a state write, a few reads); 15 s fails a call
            // stuck on a dead silo well before HTTP clients give up, and it stays far above normal latency.
            o.ResponseTimeout = TimeSpan.FromSeconds(15);
            // Runtime-internal calls (directory, placement, membership) should fail over even faster.
            o.SystemResponseTimeout = TimeSpan.FromSeconds(10);
        });

        return silo;
    }
}
