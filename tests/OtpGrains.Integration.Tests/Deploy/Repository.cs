namespace OtpGrains.Tests.Deploy;

/// <summary>Paths in the repository under test, found from the test assembly's folder upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OtpGrains.sln"))) return dir.FullName;
        throw new InvalidOperationException($"OtpGrains.sln not found above {AppContext.BaseDirectory}.");
    }
}
