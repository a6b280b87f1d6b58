using YamlDotNet.RepresentationModel;

namespace OtpGrains.Tests.Deploy.Kubernetes;

/// <summary>A pod template of a rendered workload (Deployment, Job or CronJob) and its containers.</summary>
public sealed record PodTemplate(Resource Owner, YamlMappingNode Template)
{
    public YamlMappingNode Spec => Template.Map("spec");
    public Dictionary<string, string> Labels => Template.Map("metadata").TryMap("labels").Pairs();
    public IEnumerable<YamlMappingNode> Containers => Spec.Seq("containers").Concat(Spec.Seq("initContainers"));
    public override string ToString() => Owner.ToString();
}

/// <summary>The rendered manifests of one kustomization, with the lookups the invariants need.</summary>
public sealed record Manifests(IReadOnlyList<Resource> Resources)
{
    public static async Task<Manifests> RenderAsync(string folder) => new(await Kustomize.RenderAsync(folder));

    public IEnumerable<Resource> OfKind(string kind) => Resources.Where(r => r.Kind == kind);

    public Resource Get(string kind, string name) =>
        Resources.SingleOrDefault(r => r.Kind == kind && r.Name == name) ?? throw new KeyNotFoundException($"no {kind}/{name} in the render");

    public IEnumerable<PodTemplate> PodTemplates => Resources.Select(r => r.Kind switch
    {
        "Deployment" or "Job" or "StatefulSet" or "DaemonSet" => new PodTemplate(r, r.Node.Map("spec").Map("template")),
        "CronJob" => new PodTemplate(r, r.Node.Map("spec").Map("jobTemplate").Map("spec").Map("template")),
        _ => null,
    }).OfType<PodTemplate>();

    public PodTemplate Deployment(string name) => PodTemplates.Single(p => p.Owner.Kind == "Deployment" && p.Owner.Name == name);

    /// <summary>The settings a container sees: its ConfigMaps' data, then its own env values (secrets by name only).</summary>
    public Dictionary<string, string> Settings(YamlMappingNode container)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.Seq("envFrom"))
            if (source.TryMap("configMapRef") is { } reference)
                foreach (var (key, value) in Get("ConfigMap", reference.Text("name")).Node.TryMap("data").Pairs()) settings[key] = value;
        foreach (var env in container.Seq("env"))
            if (env.TryText("value") is { } value) settings[env.Text("name")] = value;
        return settings;
    }

    /// <summary>The port number a probe or Service names, resolving named container ports.</summary>
    public static int Port(YamlMappingNode container, string portOrName) =>
        int.TryParse(portOrName, out var number)
            ? number
            : int.Parse(container.Seq("ports").Single(p => p.TryText("name") == portOrName).Text("containerPort"));

    public static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
