using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using OtpGrains.Grains.Hosting;
using OtpGrains.Silo;

namespace OtpGrains.Tests.Support;

/// <summary>
/// An in-process Orleans cluster with the real grains on memory storage, a fake delivery clock,
/// outbox retries fast enough for tests, and a switchable fault in the outbox dispatcher.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>A station whose calendar in the silo has Saturday 2026-11-28 as a holiday.</summary>
    public const string HolidayStation = "RD-HOLIDAY";

    public SettableTime Time { get; } = new(TestClock.Noon);

    public FlakyDispatcher Dispatcher { get; } = new();

    public RecordingEmailSender Emails { get; } = new();

    /// <summary>The grains' storage; set once the silo has resolved it.</summary>
    public FaultyStorage? Storage { get; private set; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public static IConfiguration Configuration(IDictionary<string, string?>? extra = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbox:FirstRetry"] = "00:00:00.050",
            ["Outbox:MaxRetry"] = "00:00:00.200",
            ["Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "otpgrains-tests-mail"),
            [$"Stations:{HolidayStation}:Holidays:0"] = "2026-11-28",
        }.Concat(extra ?? new Dictionary<string, string?>())).Build();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("memory").UseInMemoryReminderService();
            silo.Services.AddKeyedSingleton<IGrainStorage>(OtpStorage.Name, (sp, _) => Storage ??= new FaultyStorage(sp.GetRequiredKeyedService<IGrainStorage>("memory")));
            silo.AddOtpGrains(Configuration(), isDevelopment: true);
            silo.Services.AddSingleton(new DeliveryClock(Time));
            Dispatcher.Install(silo.Services, Emails);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Deactivates every grain now, so the next call reads its state back from storage.</summary>
    public Task DeactivateEverything() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
