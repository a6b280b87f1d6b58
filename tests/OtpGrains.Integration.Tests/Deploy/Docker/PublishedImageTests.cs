using System.Text.Json;
using Npgsql;
using OtpGrains.Tests.Postgres;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Deploy.Docker;

/// <summary>
/// The publish output of each Dockerfile, started the way its ENTRYPOINT starts it, with the
/// image's environment: it starts the right assembly on the right runtime, carries no
/// development settings, and a missing setting stops it with a clear message.
/// </summary>
[Collection(PublishedImagesCollection.Name)]
public sealed class PublishedImageTests(PublishedImages images)
{
    public static TheoryData<string> Processes => new(Dockerfile.Processes);

    [Theory, MemberData(nameof(Processes))]
    public void The_entrypoint_assembly_is_in_the_publish_output(string process)
    {
        var dll = Dockerfile.Load(process).Entrypoint[1];
        Assert.True(File.Exists(Path.Combine(images.FolderOf(process), dll)), $"{dll} is not in the {process} publish output");
    }

    [Theory, MemberData(nameof(Processes))]
    public void The_base_image_provides_every_framework_the_process_needs(string process)
    {
        var file = Dockerfile.Load(process);
        var config = Path.Combine(images.FolderOf(process), Path.ChangeExtension(file.Entrypoint[1], ".runtimeconfig.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var options = json.RootElement.GetProperty("runtimeOptions");
        var needed = options.TryGetProperty("frameworks", out var many)
            ? many.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()!];
        // runtime:10.0 has .NET only; aspnet:10.0 adds ASP.NET Core.
        var provided = file.Final.BaseImage.Contains("/aspnet:", StringComparison.Ordinal)
            ? new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" }
            : ["Microsoft.NETCore.App"];
        Assert.All(needed, framework => Assert.Contains(framework, provided));
    }

    [Theory, MemberData(nameof(Processes))]
    public void No_development_settings_are_published(string process)
    {
        var files = Directory.GetFiles(images.FolderOf(process), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(files, f => f!.Contains(".Development.", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("launchSettings.json", files);
    }

    [Fact]
    public async Task The_silo_refuses_to_start_without_its_key_ring()
    {
        var run = await Start("silo", []);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Otp:Keys is required outside Development", (run.Output + run.Error));
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_says_so_in_one_line()
    {
        var run = await Start("silo", ["migrate"]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single((run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:Orleans", line);
    }

    [Fact]
    public async Task Migrate_applies_the_embedded_migrations_and_a_second_run_changes_nothing()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var env = new Dictionary<string, string?> { ["ConnectionStrings__Orleans"] = database.ConnectionString };
        var first = await database.WhileServerUpAsync(() => Start("silo", ["migrate"], env));
        Assert.True(first.ExitCode == 0, (first.Output + first.Error));
        var second = await database.WhileServerUpAsync(() => Start("silo", ["migrate"], env));
        Assert.True(second.ExitCode == 0, (second.Output + second.Error));
        Assert.Contains("orleans_membership", await database.TablesAsync());
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_without_authentication_settings()
    {
        var run = await Start("gateway", [], new Dictionary<string, string?>
        {
            ["Orleans__Clustering"] = "AdoNet",
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
        });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Authentication is not configured", (run.Output + run.Error));
    }

    [Fact]
    public async Task The_redelivery_job_starts_and_says_when_the_cluster_cannot_be_reached()
    {
        var help = await Start("redelivery", ["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("run", help.Output);

        var run = await Start("redelivery", ["run", "--Redelivery:ConnectTimeout=00:00:02"], new Dictionary<string, string?>
        {
            ["Orleans__Clustering"] = "AdoNet",
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
        });
        Assert.Equal(4, run.ExitCode); // 4: the cluster cannot be reached (2 is a bad setting)
        Assert.Contains("Cannot reach the Orleans cluster", (run.Output + run.Error));
    }

    /// <summary>
    /// Runs the publish output as the image would: its ENTRYPOINT, its ENV, its working directory,
    /// plus the given settings. Nothing else of this machine's environment leaks in, and any
    /// listener is moved off the fixed ports onto a free loopback one.
    /// </summary>
    private async Task<ToolResult> Start(string process, string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var file = Dockerfile.Load(process);
        var env = new Dictionary<string, string?>();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (key.StartsWith("DOTNET_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || key.Contains("__", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal))
                env[key] = null;
        foreach (var (key, value) in Dockerfile.Environment(file.Final)) env[key] = value;
        env["Management__Urls"] = $"http://127.0.0.1:{FreePort.Next()}";
        if (env.ContainsKey("ASPNETCORE_URLS")) env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        env["ASPNETCORE_HTTP_PORTS"] = null;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) env[key] = value;
        return await Tool.RunAsync(file.Entrypoint[0], file.Entrypoint.Skip(1).Concat(args), images.FolderOf(process), TimeSpan.FromMinutes(2), env);
    }
}
