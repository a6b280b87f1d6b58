using System.Diagnostics;
using System.Text.Json;
using OtpGrains.Redelivery;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Redelivery;

/// <summary>The console: arguments, exit codes, the fixed JSON summary and an unreachable cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedeliveryCommandTests(ClusterFixture fixture)
{
    private readonly Deliveries failed = new(fixture.Grains, fixture.Time);
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private IReadOnlyList<string>? settingsSeen;

    /// <summary>The real command, joined to the test cluster instead of a client of its own.</summary>
    private Task<int> Run(params string[] args) =>
        new RedeliveryCommand(ToFixture, fixture.Time, showProgress: false).InvokeAsync(args, output, error);

    private Task<RedeliveryCluster> ToFixture(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        settingsSeen = settings;
        return Task.FromResult(new RedeliveryCluster(fixture.Grains, RedeliveryRunTests.UtcStations));
    }

    [Fact]
    public async Task Date_that_is_not_yyyy_MM_dd_is_refused_with_a_non_zero_exit()
    {
        Assert.NotEqual(0, await RedeliveryProgram.Main(["run", "--date", "not-a-date"]));

        Assert.Equal(ExitCodes.BadArguments, await Run("run", "--date", "27/11/2026"));
        Assert.Contains("--date must be a date in yyyy-MM-dd form", error.ToString());
        Assert.Null(settingsSeen);
    }

    [Theory]
    [InlineData("--statoin=S-9", "did you mean --station?")]
    [InlineData("--dat=2026-12-01", "did you mean --date?")]
    [InlineData("--Statoin:Default=S-9", "Unrecognized setting '--Statoin:Default'")]
    public async Task A_misspelled_option_is_an_error_not_a_setting(string argument, string message)
    {
        Assert.Equal(ExitCodes.BadArguments, await Run("run", argument, "--json"));
        Assert.Contains(message, error.ToString());
        Assert.DoesNotContain('\n', error.ToString().Trim());
        Assert.Null(settingsSeen);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Unknown_argument_is_refused_but_Key_Value_settings_reach_the_cluster_connection()
    {
        Assert.Equal(ExitCodes.BadArguments, await Run("run", "--dry-run"));
        Assert.Contains("Unrecognized argument '--dry-run'", error.ToString());
        Assert.Null(settingsSeen);

        Assert.Equal(ExitCodes.Success, await Run("run", "--station", Deliveries.NewStation(), "--Orleans:GatewayPort=30001"));
        Assert.Equal(["--Orleans:GatewayPort=30001"], settingsSeen);
    }

    [Fact]
    public async Task Json_summary_is_one_object_with_exactly_the_fixed_keys()
    {
        var date = new DateOnly(2027, 2, 10);
        var station = Deliveries.NewStation();
        await failed.FailedOn(station, date);
        await failed.FailedOn(station, date);
        await failed.FailedOn(station, date, scannedBack: false);

        Assert.Equal(ExitCodes.Success, await Run("run", "--date", "2027-02-10", "--station", station, "--json"));

        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(["date", "stations", "scheduled", "newCodes", "returnedToShipper", "notReturned"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2027-02-10", root.GetProperty("date").GetString());
        Assert.Equal((1, 2, 0, 0, 1), (
            root.GetProperty("stations").GetInt32(),
            root.GetProperty("scheduled").GetInt32(),
            root.GetProperty("newCodes").GetInt32(),
            root.GetProperty("returnedToShipper").GetInt32(),
            root.GetProperty("notReturned").GetInt32()));
        Assert.Single(output.ToString().Trim().Split('\n'));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Human_summary_gives_totals_and_a_line_per_station()
    {
        var date = new DateOnly(2027, 2, 11);
        var station = Deliveries.NewStation();
        await failed.FailedOn(station, date);

        Assert.Equal(ExitCodes.Success, await Run("run", "--date", "2027-02-11", "--station", station));

        var text = output.ToString();
        Assert.Contains("Redelivery for packages that failed on 2027-02-11: 1 packages at 1 station.", text);
        Assert.Matches(@"scheduled for redelivery\s+1", text);
        Assert.Contains($"{station} 2027-02-11: 1/1 done, scheduled 1", text);
    }

    [Fact]
    public async Task Package_the_cluster_cannot_handle_is_reported_and_the_exit_code_says_run_again()
    {
        var date = new DateOnly(2027, 2, 12);
        var station = Deliveries.NewStation();
        var good = await failed.FailedOn(station, date);
        // An index entry with no package behind it: the package grain refuses it.
        await fixture.Grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(station, date)).Add("PKG-NO-SUCH");

        Assert.Equal(ExitCodes.PackagesFailed, await Run("run", "--date", "2027-02-12", "--station", station, "--json"));

        Assert.Contains("Could not handle package PKG-NO-SUCH", error.ToString());
        Assert.Equal(1, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("scheduled").GetInt32());
        Assert.Equal(PackageStatus.ScheduledForRedelivery, (await failed.View(good)).Status);
    }

    [Fact]
    public async Task Unreachable_cluster_exits_non_zero_with_one_clear_line_within_seconds()
    {
        var port = FreePort.Next();
        var command = new RedeliveryCommand(ClusterClientHost.ConnectAsync, TimeProvider.System, showProgress: false);
        var clock = Stopwatch.StartNew();

        var exit = await command.InvokeAsync(["run", $"--Orleans:GatewayPort={port}", "--Redelivery:ConnectTimeout=00:00:02"], output, error);

        Assert.Equal(ExitCodes.ClusterUnreachable, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Gave up after {clock.Elapsed}.");
        var message = error.ToString().Trim();
        Assert.DoesNotContain('\n', message);
        Assert.Contains("Cannot reach the Orleans cluster", message);
        Assert.Contains($"gateway port {port}", message);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task AdoNet_clustering_without_a_connection_string_is_refused_with_a_clear_message()
    {
        var command = new RedeliveryCommand(ClusterClientHost.ConnectAsync, TimeProvider.System, showProgress: false);

        var exit = await command.InvokeAsync(["run", "--Orleans:Clustering=AdoNet"], output, error);

        Assert.Equal(ExitCodes.Misconfigured, exit);
        Assert.Contains("ConnectionStrings:Orleans is required", error.ToString());
    }

    [Fact]
    public async Task AdoNet_clustering_whose_database_does_not_answer_is_an_unreachable_cluster()
    {
        var command = new RedeliveryCommand(ClusterClientHost.ConnectAsync, TimeProvider.System, showProgress: false);
        var clock = Stopwatch.StartNew();

        var exit = await command.InvokeAsync(
            ["run", "--Orleans:Clustering=AdoNet", $"--ConnectionStrings:Orleans=Host=127.0.0.1;Port={FreePort.Next()};Username=u;Password=secret-pw", "--Redelivery:ConnectTimeout=00:00:02"],
            output,
            error);

        Assert.Equal(ExitCodes.ClusterUnreachable, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Gave up after {clock.Elapsed}.");
        Assert.Contains("Cannot reach the Orleans cluster", error.ToString());
        Assert.DoesNotContain("secret-pw", error.ToString());
    }

}
