using OtpGrains.Tests.Deploy;
using YamlDotNet.RepresentationModel;

namespace OtpGrains.Tests.Deploy.Kubernetes;

/// <summary>One rendered Kubernetes object, read through YamlDotNet's representation model.</summary>
public sealed record Resource(YamlMappingNode Node)
{
    public string Kind => Node.Text("kind");
    public string Name => Node.Map("metadata").Text("name");
    public string? Namespace => Node.Map("metadata").TryText("namespace");
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>
/// Renders a kustomization exactly as operators do, with <c>kubectl kustomize</c> (kustomize v5,
/// built into kubectl 1.27 and later; this machine image ships it). Debian bookworm's own
/// kubernetes-client (1.20) embeds kustomize v2.0.3, which cannot read today's kustomization
/// format, so it is not a substitute.
/// </summary>
public static class Kustomize
{
    private static readonly Dictionary<string, Task<IReadOnlyList<Resource>>> Cache = new();

    public static Task<IReadOnlyList<Resource>> RenderAsync(string folder)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(folder, out var rendered)) Cache[folder] = rendered = Render(folder);
            return rendered;
        }
    }

    private static async Task<IReadOnlyList<Resource>> Render(string folder)
    {
        var kubectl = Tool.Find("kubectl") ?? throw new InvalidOperationException(
            "kubectl is not on PATH. These tests render deploy/k8s with `kubectl kustomize` (kustomize v5, kubectl 1.27 or later), " +
            "which this machine image ships in /usr/bin/kubectl.");
        var run = await Tool.RunAsync(kubectl, ["kustomize", Repository.PathOf(folder)], Repository.Root, TimeSpan.FromMinutes(1));
        if (run.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {folder} failed:\n{(run.Output + run.Error)}");
        var stream = new YamlStream();
        stream.Load(new StringReader(run.Output));
        return stream.Documents.Select(d => new Resource((YamlMappingNode)d.RootNode)).ToList();
    }
}

/// <summary>Short paths into YAML mappings and sequences.</summary>
public static class Yaml
{
    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        node.TryMap(key) ?? throw new KeyNotFoundException($"no mapping '{key}' in {node.Start}");

    public static YamlMappingNode? TryMap(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    public static IEnumerable<YamlMappingNode> Seq(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode seq
            ? seq.Children.Cast<YamlMappingNode>()
            : [];

    public static IEnumerable<string> Strings(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode seq
            ? seq.Children.Cast<YamlScalarNode>().Select(s => s.Value!)
            : [];

    public static string Text(this YamlMappingNode node, string key) =>
        node.TryText(key) ?? throw new KeyNotFoundException($"no value '{key}' in {node.Start}");

    public static string? TryText(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode s ? s.Value : null;

    public static Dictionary<string, string> Pairs(this YamlMappingNode? node) =>
        node?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!) ?? [];

    /// <summary>Every mapping in the tree, depth first.</summary>
    public static IEnumerable<YamlMappingNode> Descendants(this YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            yield return map;
            foreach (var child in map.Children.Values)
                foreach (var d in child.Descendants()) yield return d;
        }
        else if (node is YamlSequenceNode seq)
        {
            foreach (var child in seq.Children)
                foreach (var d in child.Descendants()) yield return d;
        }
    }
}
