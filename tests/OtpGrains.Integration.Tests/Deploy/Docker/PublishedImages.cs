
namespace OtpGrains.Tests.Deploy.Docker;

/// <summary>
/// What each image would contain: the Dockerfile's own "dotnet publish" command run here (Release,
/// into a temporary folder instead of /app), then the files the Dockerfile deletes removed.
/// Published once for all the tests that look at the output.
/// </summary>
public sealed class PublishedImages : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"otpgrains-publish-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> folders = new();

    public string FolderOf(string process) => folders[process];

    public async Task InitializeAsync()
    {
        // One at a time: the three share projects, and parallel builds of one project collide.
        foreach (var process in Dockerfile.Processes)
        {
            var file = Dockerfile.Load(process);
            var folder = Path.Combine(root, process);
            var args = file.PublishCommand.ToList();
            args[args.IndexOf("-o") + 1] = folder;
            // --no-restore: the test build restored the solution, and a second restore would rewrite
            // obj/project.assets.json under any build running beside the tests. The deadline is
            // generous because a Release build on a busy 2-core machine takes minutes.
            var run = await Tool.RunAsync("dotnet", args.Append("--no-restore").Append("--nologo").Append("-v").Append("q"), Repository.Root, TimeSpan.FromMinutes(25),
                new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
            if (run.ExitCode != 0) throw new InvalidOperationException($"{file.Name}: dotnet {string.Join(' ', args)} failed:\n{(run.Output + run.Error)}");
            foreach (var removed in file.RemovedFromOutput) File.Delete(Path.Combine(folder, removed));
            folders[process] = folder;
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedImagesCollection : ICollectionFixture<PublishedImages>
{
    public const string Name = "Published images";
}
