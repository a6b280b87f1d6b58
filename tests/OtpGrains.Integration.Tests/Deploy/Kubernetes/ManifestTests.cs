using System.Text.RegularExpressions;
using OtpGrains.Tests.Deploy;
using YamlDotNet.RepresentationModel;

namespace OtpGrains.Tests.Deploy.Kubernetes;

/// <summary>
/// The invariants of deploy/k8s, checked on what kustomize renders for the base and for the
/// example overlay: hardened pods, probes, drain time, secrets by reference only, autoscalers,
/// matching selectors, the CronJob's time zone and the network policy.
/// </summary>
public sealed partial class ManifestTests
{
    public const string Base = "deploy/k8s/base";
    public const string Overlay = "deploy/k8s/overlays/eu-west";

    public static TheoryData<string> Renders => new(Base, Overlay);

    [Theory, MemberData(nameof(Renders))]
    public async Task Every_container_is_non_root_on_a_read_only_root_with_no_capabilities(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        // Silo, gateway, migration Job, redelivery CronJob: a new workload must be added here on purpose.
        Assert.Equal(4, manifests.PodTemplates.Count());
        foreach (var pod in manifests.PodTemplates)
        {
            var podSecurity = pod.Spec.Map("securityContext");
            Assert.Equal("true", podSecurity.Text("runAsNonRoot"));
            Assert.NotEqual("0", podSecurity.Text("runAsUser"));
            Assert.Equal("false", pod.Spec.Text("automountServiceAccountToken"));
            var emptyDirs = pod.Spec.Seq("volumes").Where(v => v.TryMap("emptyDir") is not null).Select(v => v.Text("name")).ToHashSet();
            foreach (var container in pod.Containers)
            {
                var security = container.Map("securityContext");
                Assert.True(security.TryText("readOnlyRootFilesystem") == "true", $"{pod}: {container.Text("name")} has a writable root");
                Assert.Equal("false", security.Text("allowPrivilegeEscalation"));
                Assert.Equal(["ALL"], security.Map("capabilities").Strings("drop"));
                Assert.Empty(security.TryMap("capabilities")!.Strings("add"));
                Assert.NotEqual("true", security.TryText("privileged"));
                Assert.Contains(container.Seq("volumeMounts"), m => m.Text("mountPath") == "/tmp" && emptyDirs.Contains(m.Text("name")));
                Assert.NotNull(container.Map("resources").Map("requests").TryText("memory"));
                Assert.NotNull(container.Map("resources").Map("limits").TryText("memory"));
            }
        }
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Silos_and_gateways_are_probed_on_the_management_port(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        foreach (var name in new[] { "otpgrains-silo", "otpgrains-gateway" })
        {
            var container = Assert.Single(manifests.Deployment(name).Containers);
            var management = new Uri(manifests.Settings(container)["Management__Urls"]);
            Assert.Equal("0.0.0.0", management.Host); // reachable by the kubelet and by Prometheus
            foreach (var (probe, path) in new[] { ("startupProbe", "/health/live"), ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready") })
            {
                var get = container.Map(probe).Map("httpGet");
                Assert.Equal(path, get.Text("path"));
                Assert.Equal(management.Port, Manifests.Port(container, get.Text("port")));
            }
        }

        // The gateway's API listener must be given as URLS: a Management:Urls listener replaces
        // HTTP_PORTS-style defaults but adds to explicit URLS.
        var gateway = Assert.Single(manifests.Deployment("otpgrains-gateway").Containers);
        var api = new Uri(manifests.Settings(gateway)["ASPNETCORE_URLS"]);
        Assert.Equal(Manifests.Port(gateway, "http"), api.Port);
        Assert.DoesNotContain(gateway.Seq("env"), e => e.Text("name") == "ASPNETCORE_HTTP_PORTS");
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Pods_get_longer_to_stop_than_the_silo_takes_to_drain(string folder)
    {
        var drain = SiloShutdownTimeoutSeconds();
        var manifests = await Manifests.RenderAsync(folder);
        foreach (var name in new[] { "otpgrains-silo", "otpgrains-gateway" })
        {
            var grace = int.Parse(manifests.Deployment(name).Spec.Text("terminationGracePeriodSeconds"));
            Assert.True(grace > drain + 10, $"{name}: terminationGracePeriodSeconds {grace} leaves no margin over the silo's {drain} s drain");
        }
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Secrets_are_only_referenced_never_written_down(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        Assert.Empty(manifests.OfKind("Secret"));
        var secretName = SecretSetting();
        foreach (var config in manifests.OfKind("ConfigMap"))
            Assert.DoesNotContain(config.Node.TryMap("data").Pairs().Keys, key => secretName.IsMatch(key));
        foreach (var pod in manifests.PodTemplates)
            foreach (var container in pod.Containers)
            {
                foreach (var env in container.Seq("env").Where(e => secretName.IsMatch(e.Text("name"))))
                    Assert.True(env.TryMap("valueFrom")?.TryMap("secretKeyRef") is not null, $"{pod}: {env.Text("name")} is not a secretKeyRef");
                var connection = container.Seq("env").Single(e => e.Text("name") == "ConnectionStrings__Orleans");
                Assert.Equal("otpgrains-postgres", connection.Map("valueFrom").Map("secretKeyRef").Text("name"));
            }

        // The key ring reaches the silos only, as a whole Secret, so a rotation adds keys without a manifest change.
        var keyRings = manifests.PodTemplates.Where(p => p.Containers.Any(c => c.Seq("envFrom").Any(e => e.TryMap("secretRef")?.Text("name") == "otpgrains-otp-keys")));
        Assert.Equal(["otpgrains-silo"], keyRings.Select(p => p.Owner.Name));
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Silos_and_gateways_scale_separately_through_autoscalers_on_existing_deployments(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var targets = manifests.OfKind("HorizontalPodAutoscaler").Select(h => h.Node.Map("spec")).ToList();
        var targeted = targets.Select(t => t.Map("scaleTargetRef")).Select(r => (Kind: r.Text("kind"), Name: r.Text("name"))).ToList();
        Assert.Equal([("Deployment", "otpgrains-gateway"), ("Deployment", "otpgrains-silo")], targeted.Order());
        foreach (var (kind, name) in targeted)
        {
            var deployment = manifests.Get(kind, name);
            // The autoscaler owns the count: a replicas field would reset it on every apply.
            Assert.Null(deployment.Node.Map("spec").TryText("replicas"));
        }
        Assert.All(targets, t => Assert.True(int.Parse(t.Text("minReplicas")) >= 2 && int.Parse(t.Text("maxReplicas")) > int.Parse(t.Text("minReplicas"))));
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Services_and_disruption_budgets_select_the_pods_of_a_deployment(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var deployments = manifests.OfKind("Deployment").ToList();
        foreach (var deployment in deployments)
        {
            var pod = manifests.Deployment(deployment.Name);
            Assert.True(Manifests.Selects(deployment.Node.Map("spec").Map("selector").Map("matchLabels").Pairs(), pod.Labels), $"{deployment}: selector misses its own pods");
        }

        foreach (var service in manifests.OfKind("Service"))
        {
            var selector = service.Node.Map("spec").Map("selector").Pairs();
            var pod = Assert.Single(deployments.Select(d => manifests.Deployment(d.Name)), p => Manifests.Selects(selector, p.Labels));
            var container = Assert.Single(pod.Containers);
            foreach (var port in service.Node.Map("spec").Seq("ports"))
                Assert.Contains(Manifests.Port(container, port.Text("targetPort")), container.Seq("ports").Select(p => int.Parse(p.Text("containerPort"))));
        }

        var budgets = manifests.OfKind("PodDisruptionBudget").ToList();
        Assert.Contains(budgets, b => b.Name == "otpgrains-silo");
        foreach (var budget in budgets)
        {
            var selector = budget.Node.Map("spec").Map("selector").Map("matchLabels").Pairs();
            Assert.Single(deployments, d => Manifests.Selects(selector, manifests.Deployment(d.Name).Labels));
            Assert.Equal("1", budget.Node.Map("spec").Text("maxUnavailable"));
        }
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task Silos_advertise_their_pod_address_and_cluster_through_PostgreSQL(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var silo = Assert.Single(manifests.Deployment("otpgrains-silo").Containers);
        var advertised = silo.Seq("env").Single(e => e.Text("name") == "Orleans__AdvertisedIP");
        Assert.Equal("status.podIP", advertised.Map("valueFrom").Map("fieldRef").Text("fieldPath"));
        var settings = manifests.Settings(silo);
        Assert.Equal("AdoNet", settings["Orleans__Clustering"]);
        Assert.Equal("AdoNet", settings["Orleans__Storage"]);
        var ports = silo.Seq("ports").ToDictionary(p => p.Text("name"), p => p.Text("containerPort"));
        Assert.Equal(settings["Orleans__SiloPort"], ports["silo"]);
        Assert.Equal(settings["Orleans__GatewayPort"], ports["orleans-gateway"]);

        var gateway = Assert.Single(manifests.Deployment("otpgrains-gateway").Containers);
        Assert.Equal("Client", manifests.Settings(gateway)["Gateway__Mode"]);
        Assert.Equal("AdoNet", manifests.Settings(gateway)["Orleans__Clustering"]);
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task The_migration_job_runs_migrate_from_the_silo_image(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var job = Assert.Single(manifests.PodTemplates, p => p.Owner.Kind == "Job");
        var container = Assert.Single(job.Containers);
        Assert.Equal(["migrate"], container.Strings("args"));
        Assert.Equal(Assert.Single(manifests.Deployment("otpgrains-silo").Containers).Text("image"), container.Text("image"));
        Assert.Equal("Never", job.Spec.Text("restartPolicy"));
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task The_redelivery_runs_in_its_region_s_time_zone_after_the_return_deadline(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var cron = Assert.Single(manifests.OfKind("CronJob")).Node.Map("spec");
        Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(cron.Text("timeZone"), out _), $"timeZone {cron.Text("timeZone")} is not an IANA zone");
        var fields = cron.Text("schedule").Split(' ');
        Assert.Equal(5, fields.Length);
        // Policy:ReturnDeadline defaults to 10:00 station time: a run before it finds packages not yet scanned back.
        var runsAt = new TimeOnly(int.Parse(fields[1]), int.Parse(fields[0]));
        Assert.True(runsAt > new TimeOnly(10, 0), $"the redelivery runs at {runsAt}, before the 10:00 return deadline");
        Assert.Equal("Forbid", cron.Text("concurrencyPolicy"));
        var container = Assert.Single(new Manifests(manifests.Resources).PodTemplates.Single(p => p.Owner.Kind == "CronJob").Containers);
        Assert.Equal("run", container.Strings("args").First());
        if (folder == Overlay) Assert.Equal("Europe/Berlin", cron.Text("timeZone"));
    }

    [Theory, MemberData(nameof(Renders))]
    public async Task The_network_policy_opens_silo_ports_to_the_cluster_only_and_management_to_monitoring(string folder)
    {
        var manifests = await Manifests.RenderAsync(folder);
        var policies = manifests.OfKind("NetworkPolicy").Select(p => p.Node.Map("spec")).ToList();
        Assert.Contains(policies, p => p.Map("podSelector").Map("matchLabels").Pairs().SequenceEqual([new("app.kubernetes.io/name", "otpgrains")])
            && p.Strings("policyTypes").Order().SequenceEqual(["Egress", "Ingress"]) && !p.Seq("ingress").Any() && !p.Seq("egress").Any());

        var ingress = policies.SelectMany(p => p.Seq("ingress")).ToList();
        foreach (var rule in ingress)
        {
            var ports = rule.Seq("ports").Select(p => p.Text("port")).ToList();
            var from = rule.Seq("from").ToList();
            if (ports.Contains("11111") || ports.Contains("30000"))
            {
                Assert.NotEmpty(from);
                foreach (var peer in from)
                {
                    Assert.Null(peer.TryMap("namespaceSelector"));
                    Assert.Null(peer.TryMap("ipBlock"));
                    var components = peer.Map("podSelector").Seq("matchExpressions").Single(e => e.Text("key") == "app.kubernetes.io/component").Strings("values");
                    Assert.Equal(["gateway", "redelivery", "silo"], components.Order());
                }
            }
            if (ports.Contains("18080"))
            {
                var peer = Assert.Single(from);
                Assert.Equal("monitoring", peer.Map("namespaceSelector").Map("matchLabels").Text("kubernetes.io/metadata.name"));
                Assert.Equal(["18080"], ports);
            }
            Assert.NotEmpty(ports); // no rule opens every port
        }
        Assert.Contains(policies.SelectMany(p => p.Seq("egress")), rule => rule.Seq("ports").Any(p => p.Text("port") == "5432"));
    }

    [Fact]
    public async Task The_overlay_pins_every_image_and_keeps_everything_in_its_namespace()
    {
        var manifests = await Manifests.RenderAsync(Overlay);
        var ns = Assert.Single(manifests.OfKind("Namespace")).Name;
        Assert.All(manifests.Resources.Where(r => r.Kind != "Namespace"), r => Assert.Equal(ns, r.Namespace));
        foreach (var container in manifests.PodTemplates.SelectMany(p => p.Containers))
        {
            var image = container.Text("image");
            Assert.Matches(@"^[a-z0-9.-]+\.[a-z]+/[a-z0-9/-]+:[0-9][\w.-]*$", image);
        }
        Assert.Equal("otpgrains-eu-west", Assert.Single(manifests.OfKind("ConfigMap")).Node.Map("data").Text("Orleans__ClusterId"));
    }

    /// <summary>Keys whose values are secrets: they may appear only as references.</summary>
    private static Regex SecretSetting() => new(@"^(Otp__Keys__|Auth__SigningKey|ConnectionStrings__|Email__Smtp__(User|Password))", RegexOptions.IgnoreCase);

    /// <summary>The silo host's HostOptions.ShutdownTimeout, read from its source so a longer drain fails this test.</summary>
    private static int SiloShutdownTimeoutSeconds()
    {
        var sources = Directory.GetFiles(Repository.PathOf("src/OtpGrains.Silo"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var timeouts = sources.SelectMany(f => ShutdownTimeout().Matches(File.ReadAllText(f))).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        return timeouts.Count > 0 ? timeouts.Max() : throw new InvalidOperationException("HostOptions.ShutdownTimeout not found under src/OtpGrains.Silo.");
    }

    [GeneratedRegex(@"ShutdownTimeout\s*=\s*TimeSpan\.FromSeconds\((\d+)\)")]
    private static partial Regex ShutdownTimeout();
}
