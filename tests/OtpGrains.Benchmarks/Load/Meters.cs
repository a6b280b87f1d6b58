using Npgsql;

namespace OtpGrains.Benchmarks.Load;

/// <summary>What the meters read at one instant: CPU ticks per process, PostgreSQL's CPU, WAL position, row writes.</summary>
public sealed record Reading(IReadOnlyDictionary<string, long> CpuTicks, long PostgresTicks, long WalBytes, long RowWrites, long StateWrites);

/// <summary>
/// Reads the counters a round is charged with: utime+stime from /proc/&lt;pid&gt;/stat for each
/// process of the system (and every PostgreSQL process, including exited children via the
/// postmaster's cutime/cstime), pg_current_wal_lsn(), and rows written by INSERT/UPDATE/DELETE
/// statements in the system's database from pg_stat_statements (track = all, so the statements
/// inside server-side functions count; it is updated at statement end, unlike pg_stat_user_tables).
/// </summary>
public sealed class Meters(NpgsqlDataSource admin, int postmasterPid)
{
    public static readonly double MillisecondsPerTick = 1000.0 / 100;  // CLK_TCK is 100 on Linux

    public async Task<Reading> Read(SystemUnderTest system)
    {
        var cpu = system.Processes.ToDictionary(p => p.Key, p => Ticks(p.Value, children: false));
        await using var cmd = admin.CreateCommand("""
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   coalesce(sum(s.rows) FILTER (WHERE s.query ~* '^\s*(insert|update|delete)'), 0)::bigint,
                   coalesce(sum(s.rows) FILTER (WHERE s.query ~* '^\s*(insert|update|delete)' AND s.query ~* 'orleans_grain_state'), 0)::bigint
              FROM pg_database d LEFT JOIN pg_stat_statements s ON s.dbid = d.oid
             WHERE d.datname = $1
            """);
        cmd.Parameters.Add(new() { Value = system.Database });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Reading(cpu, PostgresTicks(), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private long PostgresTicks()
    {
        var total = Ticks(postmasterPid, children: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmasterPid) continue;
            if (Stat(pid) is { } f && f[1] == postmasterPid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                total += long.Parse(f[11]) + long.Parse(f[12]);
        }
        return total;
    }

    public static long Ticks(int pid, bool children)
    {
        if (Stat(pid) is not { } f) return 0;
        var t = long.Parse(f[11]) + long.Parse(f[12]);
        return children ? t + long.Parse(f[13]) + long.Parse(f[14]) : t;
    }

    /// <summary>The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

/// <summary>The difference between two readings, per operation.</summary>
public sealed record Usage(IReadOnlyDictionary<string, double> CpuMs, double PostgresCpuMs, long WalBytes, long RowWrites, long StateWrites)
{
    public static Usage Between(Reading before, Reading after) => new(
        after.CpuTicks.ToDictionary(p => p.Key, p => (p.Value - before.CpuTicks[p.Key]) * Meters.MillisecondsPerTick),
        (after.PostgresTicks - before.PostgresTicks) * Meters.MillisecondsPerTick,
        after.WalBytes - before.WalBytes, after.RowWrites - before.RowWrites, after.StateWrites - before.StateWrites);
}
