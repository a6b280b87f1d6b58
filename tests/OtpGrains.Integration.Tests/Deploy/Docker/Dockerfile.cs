using System.Text.Json;
using System.Text.RegularExpressions;

namespace OtpGrains.Tests.Deploy.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
public sealed record Instruction(string Keyword, string Arguments);

/// <summary>A build stage: its base image, its name and its instructions.</summary>
public sealed record Stage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}

/// <summary>
/// The parts of a Dockerfile the tests check: stages, ENV, USER, ENTRYPOINT and the one
/// "dotnet publish" command of the build stage. Only the syntax these Dockerfiles use.
/// </summary>
public sealed partial record Dockerfile(string Name, IReadOnlyList<Stage> Stages)
{
    public static readonly string[] Processes = ["silo", "gateway", "redelivery"];

    public Stage Final => Stages[^1];

    public static Dockerfile Load(string process) =>
        Parse($"{process}.Dockerfile", Repository.Read($"deploy/docker/{process}.Dockerfile"));

    public static Dockerfile Parse(string name, string text)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue;
            pending += line.TrimEnd();
            if (pending.EndsWith('\\')) { pending = pending[..^1] + " "; continue; }
            if (pending.Trim().Length > 0)
            {
                var trimmed = pending.Trim();
                var space = trimmed.IndexOf(' ');
                instructions.Add(new Instruction(trimmed[..space].ToUpperInvariant(), trimmed[(space + 1)..].Trim()));
            }
            pending = "";
        }

        var stages = new List<(string Image, string? Name, List<Instruction> Body)>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add((parts[0], parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Body.Add(instruction);
            }
        }
        return new Dockerfile(name, stages.Select(s => new Stage(s.Image, s.Name, s.Body)).ToList());
    }

    /// <summary>ENV key=value pairs of a stage (later ones win).</summary>
    public static IReadOnlyDictionary<string, string> Environment(Stage stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arguments in stage.Arguments("ENV"))
            foreach (Match m in EnvPair().Matches(arguments))
                env[m.Groups["key"].Value] = m.Groups["value"].Value.Trim('"');
        return env;
    }

    /// <summary>The exec-form ENTRYPOINT of the final stage, e.g. ["dotnet", "OtpGrains.Silo.dll"].</summary>
    public IReadOnlyList<string> Entrypoint =>
        JsonSerializer.Deserialize<string[]>(Final.Arguments("ENTRYPOINT").Single())
            ?? throw new InvalidOperationException($"{Name}: ENTRYPOINT is not in exec form.");

    /// <summary>The "dotnet publish" command of the build stage, as arguments after "dotnet".</summary>
    public IReadOnlyList<string> PublishCommand
    {
        get
        {
            var run = Stages[0].Arguments("RUN").Single(r => r.Contains("dotnet publish", StringComparison.Ordinal));
            var command = run[run.IndexOf("dotnet publish", StringComparison.Ordinal)..];
            var end = command.IndexOf("&&", StringComparison.Ordinal);
            return (end < 0 ? command : command[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        }
    }

    /// <summary>Files the build stage deletes from the publish folder ("rm -f /app/x").</summary>
    public IReadOnlyList<string> RemovedFromOutput =>
        Stages[0].Arguments("RUN").SelectMany(r => RemoveCommand().Matches(r)).Select(m => m.Groups["file"].Value).ToList();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"rm -f /app/(?<file>\S+)")]
    private static partial Regex RemoveCommand();
}
