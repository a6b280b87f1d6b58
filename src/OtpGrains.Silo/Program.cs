using OtpGrains.Silo.Storage;

namespace OtpGrains.Silo;

/// <summary>
/// The silo host. <c>migrate</c> applies the SQL migrations in deploy/sql and exits; otherwise it
/// runs a silo until SIGTERM or Ctrl+C, then leaves the cluster gracefully.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var migrate = args.FirstOrDefault() == "migrate";
        var builder = Host.CreateApplicationBuilder(migrate ? args[1..] : args);
        using var shutdown = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; shutdown.Cancel(); };

        if (migrate) return await MigrateCommand.RunAsync(builder.Configuration, Console.Out, shutdown.Token);
        if (!await MigrateCommand.EnsureMigratedAsync(builder.Configuration, Console.Error, shutdown.Token)) return 2;

        // Deactivating grains and leaving the membership table takes a few seconds; give it room
        // before the host gives up (orchestrators should allow longer still, e.g. 45 s).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // AddOrleans, not UseOrleans: the latter also reads the "Orleans" configuration section as
        // provider settings and misreads CONFIG.md's Orleans:Clustering=AdoNet as a provider name.
        builder.Services.AddOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment));
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
