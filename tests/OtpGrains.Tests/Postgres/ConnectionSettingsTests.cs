using Npgsql;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Tests.Postgres;

/// <summary>The pool the hosts build: prepared statements and no reset by default, the operator's settings when given.</summary>
public sealed class ConnectionSettingsTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Database=otp;Username=otp;Password=secret";

    [Fact]
    public void Pool_prepares_repeated_statements_and_skips_the_reset_by_default()
    {
        var settings = Built(Plain);

        Assert.Equal(OtpPostgresDataSource.DefaultMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(OtpPostgresDataSource.DefaultAutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(OtpPostgresDataSource.DefaultMaxPoolSize, settings.MaxPoolSize);
        Assert.Equal("UTC", settings.Timezone);
    }

    [Fact]
    public void Settings_in_the_connection_string_win_over_the_defaults()
    {
        var settings = Built(Plain + ";Max Auto Prepare=0;Auto Prepare Min Usages=5;No Reset On Close=false;Maximum Pool Size=7");

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(5, settings.AutoPrepareMinUsages);
        Assert.False(settings.NoResetOnClose);
        Assert.Equal(7, settings.MaxPoolSize);
    }

    private static NpgsqlConnectionStringBuilder Built(string connectionString)
    {
        using var pool = new OtpPostgresDataSource(connectionString, "test");
        return new NpgsqlConnectionStringBuilder(pool.DataSource.ConnectionString);
    }
}
