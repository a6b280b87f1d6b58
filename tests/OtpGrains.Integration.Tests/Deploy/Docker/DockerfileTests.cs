using System.Text.RegularExpressions;

namespace OtpGrains.Tests.Deploy.Docker;

/// <summary>
/// The images cannot be built here (no registry is reachable), so these tests read the
/// Dockerfiles: what they would run, as whom, in which environment, and from which base.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Processes => new(Dockerfile.Processes);

    [Theory, MemberData(nameof(Processes))]
    public void Builds_with_the_sdk_and_runs_on_the_matching_runtime_image(string process)
    {
        var file = Dockerfile.Load(process);
        Assert.Equal(2, file.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", file.Stages[0].BaseImage);
        // The job needs ASP.NET Core too: the hosting library it shares with the silo and gateway brings the management endpoints.
        var expected = "mcr.microsoft.com/dotnet/aspnet:10.0";
        Assert.Equal(expected, file.Final.BaseImage);
        Assert.Contains(file.Final.Arguments("COPY"), c => c.StartsWith("--from=build ", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Processes))]
    public void Runs_as_a_non_root_user(string process)
    {
        var user = Assert.Single(Dockerfile.Load(process).Final.Arguments("USER"));
        // $APP_UID is the .NET images' numeric "app" user (1654); Kubernetes' runAsNonRoot can
        // only verify a numeric user.
        Assert.True(user == "$APP_UID" || (int.TryParse(user.Split(':')[0], out var uid) && uid > 0), $"USER {user} is not a numeric non-root user");
    }

    [Theory, MemberData(nameof(Processes))]
    public void Runs_in_Production_without_diagnostics_writes(string process)
    {
        var env = Dockerfile.Environment(Dockerfile.Load(process).Final);
        Assert.Equal("Production", env["DOTNET_ENVIRONMENT"]);
        if (process != "redelivery") Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        // The diagnostics IPC socket would be the only write outside /tmp on a read-only root.
        Assert.Equal("0", env["DOTNET_EnableDiagnostics"]);
    }

    [Theory, MemberData(nameof(Processes))]
    public void Carries_no_keys_secrets_or_development_settings(string process)
    {
        var file = Dockerfile.Load(process);
        var text = Repository.Read($"deploy/docker/{process}.Dockerfile");
        var instructions = file.Stages.SelectMany(s => s.Instructions).ToList();
        foreach (var i in instructions.Where(i => i.Keyword is "ENV" or "ARG" or "LABEL"))
            Assert.DoesNotMatch(new Regex(@"(Otp__Keys|Auth__SigningKey|ConnectionStrings__|Password|Email__Smtp__)", RegexOptions.IgnoreCase), i.Arguments);
        Assert.DoesNotContain(instructions, i => i.Keyword == "COPY" && i.Arguments.Contains(".local", StringComparison.Ordinal));
        Assert.DoesNotContain("Development", Dockerfile.Environment(file.Final).Values);
        Assert.Contains("appsettings.Development.json", file.RemovedFromOutput);
        Assert.DoesNotMatch(new Regex(@"ENVIRONMENT=Development"), text);
    }

    [Theory, MemberData(nameof(Processes))]
    public void Publishes_the_process_whose_assembly_the_entrypoint_starts(string process)
    {
        var file = Dockerfile.Load(process);
        var project = file.PublishCommand[1];
        Assert.True(File.Exists(Repository.PathOf(project)), $"{file.Name} publishes {project}, which does not exist");
        Assert.Contains("Release", file.PublishCommand);
        Assert.Equal(["dotnet", Path.GetFileNameWithoutExtension(project) + ".dll"], file.Entrypoint);
    }

    [Fact]
    public void The_build_context_leaves_out_local_build_output_and_data()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".local/", ignored);
    }

    [Fact]
    public void Images_that_embed_the_migrations_copy_them_into_the_build()
    {
        // The silo embeds deploy/sql (and the gateway builds the silo for Embedded mode).
        foreach (var process in new[] { "silo", "gateway" })
            Assert.Contains(Dockerfile.Load(process).Stages[0].Arguments("COPY"), c => c == "deploy/sql/ deploy/sql/");
    }
}
