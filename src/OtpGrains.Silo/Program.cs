using Microsoft.Extensions.Configuration.Memory;
using OtpGrains.Silo.Storage;

namespace OtpGrains.Silo;

/// <summary>
/// The silo host. <c>migrate</c> applies the SQL migrations in deploy/sql and exits; otherwise it
/// runs a silo until SIGTERM or Ctrl+C, then leaves the cluster gracefully. A missing, invalid or
/// misspelled setting ends it with one line on stderr and exit code 2.
/// </summary>
public static class Program
{
    /// <summary>Where <c>/metrics</c> and <c>/health/*</c> answer unless <c>Management:Urls</c> says otherwise.</summary>
    public const string DefaultManagementUrls = "http://127.0.0.1:18080";

    public static Task<int> Main(string[] args) => Misconfiguration.GuardAsync(() => RunAsync(args), Console.Error);

    private static readonly Dictionary<string, string?> QuietLogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    private static async Task<int> RunAsync(string[] args)
    {
        var migrate = args.FirstOrDefault() == "migrate";
        // Settings files ship next to the silo, wherever it is started from.
        var contentRoot = Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") ?? AppContext.BaseDirectory;
        using var shutdown = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; shutdown.Cancel(); };

        if (migrate)
        {
            var migration = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[1..], ContentRootPath = contentRoot });
            return await MigrateCommand.RunAsync(migration.Configuration, Console.Out, shutdown.Token);
        }

        // A web host, but one that listens only on the management address (/metrics, /health/*):
        // the silo serves no API, its callers reach it through Orleans.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        // Production log levels, beneath every other source so appsettings, the environment and the
        // command line still override them. Kept in code, not in an appsettings.json of the silo's own,
        // because the gateway references this project and a second appsettings.json would clash with its own.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogLevels });
        await using var app = Misconfiguration.WhileConfiguring(() =>
        {
            builder.AddManagementListener(DefaultManagementUrls);
            builder.AddOtpTelemetry("otpgrains-silo");
            builder.Services.AddHealthChecks().AddCheck<SiloActiveCheck>("silo", tags: [ManagementEndpoints.ReadyTag]);
            // Deactivating grains and leaving the membership table takes a few seconds; give it room
            // before the host gives up (orchestrators should allow longer still, e.g. 45 s).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
            // AddOrleans, not UseOrleans: the latter also reads the "Orleans" configuration section as
            // provider settings and misreads Orleans:Clustering=AdoNet as a provider name.
            builder.Services.AddOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment));
            return builder.Build();
        });
        // Every setting is checked (unknown keys, values) before the database is asked anything.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        if (!await MigrateCommand.EnsureMigratedAsync(builder.Configuration, Console.Error, shutdown.Token)) return Misconfiguration.ExitCode;
        app.UseMetricsEndpoint();
        app.MapHealthEndpoints();
        await app.RunAsync();
        return 0;
    }
}
