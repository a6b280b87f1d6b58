using System.Text.Json;
using System.Text.RegularExpressions;
using OtpGrains.Tests.Deploy.Kubernetes;
using OtpGrains.Tests.Deploy;
using YamlDotNet.RepresentationModel;

namespace OtpGrains.Tests.Deploy.Monitoring;

/// <summary>
/// The Grafana dashboard and the Prometheus alert rules read only metrics the processes export,
/// cover what the operations issue asks for, and every alert has its runbook entry.
/// </summary>
public sealed class MonitoringTests
{
    private const string DashboardPath = "deploy/grafana/otpgrains.json";
    private const string AlertsPath = "deploy/prometheus/alerts.yml";

    [Fact]
    public void The_dashboard_reads_its_Prometheus_data_source_from_a_template_variable()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));
        var variable = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        var name = variable.GetProperty("name").GetString();
        foreach (var panel in Panels(dashboard.RootElement).Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal($"${{{name}}}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.Equal($"${{{name}}}", t.GetProperty("datasource").GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public void Every_dashboard_expression_reads_only_known_metrics()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));
        var expressions = Expressions(dashboard.RootElement).ToList();
        Assert.NotEmpty(expressions);
        foreach (var (panel, expr) in expressions)
        {
            var names = PromQl.MetricNames(expr);
            Assert.True(names.Count > 0, $"{panel}: '{expr}' reads no metric");
            Assert.All(names, n => Assert.True(KnownMetrics.IsKnown(n), $"{panel}: '{n}' is not a known metric name"));
        }
    }

    [Fact]
    public void The_dashboard_shows_what_operators_need_in_the_peak()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));
        var panels = Panels(dashboard.RootElement).Where(p => p.GetProperty("type").GetString() != "row").ToList();
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        string Expr(string title) => string.Join(" ", panels.Single(p => p.GetProperty("title").GetString() == title)
            .GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()));
        Assert.Contains("http_route", Expr("Requests/s by route"));
        Assert.Contains("http_server_request_duration_seconds_bucket", Expr("p95 latency by route"));
        Assert.Contains("otpgrains_attempts_total", Expr("Attempt outcomes"));
        Assert.Contains("outcome=\"locked\"", Expr("Locks per minute"));
        Assert.Contains("method=\"fallback\"", Expr("Fallback share of OTP deliveries"));
        Assert.Contains("otpgrains_outbox_lag_seconds_bucket", Expr("Outbox lag"));
        Assert.Contains("orleans_consistent_ring_size", Expr("Silo count"));
        Assert.Contains("by (instance)", Expr("Activations per silo"));
        Assert.Contains("orleans_storage_write_errors", Expr("Grain storage errors"));
        Assert.Contains("db_client_operation_failed_total", Expr("PostgreSQL failed operations"));
    }

    [Fact]
    public void Every_alert_reads_known_metrics_and_has_a_severity_and_a_runbook_entry()
    {
        var rules = AlertRules().ToList();
        Assert.True(rules.Count >= 10, $"only {rules.Count} alert rules");
        var runbook = Repository.Read("docs/operations.md");
        var anchors = Regex.Matches(runbook, @"^#+ (.+)$", RegexOptions.Multiline).Select(m => Anchor(m.Groups[1].Value)).ToHashSet();
        foreach (var rule in rules)
        {
            var name = rule.Text("alert");
            var names = PromQl.MetricNames(rule.Text("expr"));
            Assert.True(names.Count > 0, $"{name} reads no metric");
            Assert.All(names, n => Assert.True(KnownMetrics.IsKnown(n), $"{name}: '{n}' is not a known metric name"));
            Assert.Contains(rule.Map("labels").Text("severity"), new[] { "critical", "warning" });
            Assert.Matches(@"^\d+[smh]$", rule.Text("for"));
            var annotations = rule.Map("annotations");
            Assert.False(string.IsNullOrWhiteSpace(annotations.TryText("summary")), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(annotations.TryText("description")), $"{name} has no description");
            var url = annotations.Text("runbook_url");
            Assert.StartsWith("docs/operations.md#", url);
            Assert.True(anchors.Contains(url.Split('#')[1]), $"{name}: docs/operations.md has no heading for #{url.Split('#')[1]}");
            Assert.Equal(name.ToLowerInvariant(), url.Split('#')[1]);
        }
        Assert.Equal(rules.Count, rules.Select(r => r.Text("alert")).Distinct().Count());
    }

    [Fact]
    public void The_project_metrics_in_the_known_list_are_the_ones_docs_metrics_md_describes()
    {
        // docs/metrics.md comes with the telemetry work; once it is in the repository, the names
        // this test allows must be the ones it documents, so a rename cannot go unnoticed.
        var doc = Repository.PathOf("docs/metrics.md");
        var documented = File.Exists(doc)
            ? Regex.Matches(File.ReadAllText(doc), @"`(otpgrains_[a-z_]+)`").Select(m => m.Groups[1].Value).ToHashSet()
            : KnownMetrics.Project.ToHashSet();
        Assert.Equal(documented.Order(), KnownMetrics.Project.Order());
    }

    [Fact]
    public void The_metric_name_reader_finds_names_and_skips_functions_labels_and_ranges()
    {
        Assert.Equal(["http_server_request_duration_seconds_bucket"],
            PromQl.MetricNames("histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{http_route=~\"/v1/.*\"}[$__rate_interval])))"));
        Assert.Equal(["a_total", "b_total"], PromQl.MetricNames("sum(rate(a_total{x=\"y\"}[5m])) / on(instance) group_left sum(b_total offset 1h) > 0.5").Order());
        Assert.Equal(["kube_cronjob_status_last_successful_time"], PromQl.MetricNames("time() - kube_cronjob_status_last_successful_time{cronjob=\"x\"} > 26 * 3600"));
    }

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().SelectMany(p =>
            p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p]);

    private static IEnumerable<(string Panel, string Expr)> Expressions(JsonElement dashboard) =>
        Panels(dashboard).Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)));

    private static IEnumerable<YamlMappingNode> AlertRules()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Repository.Read(AlertsPath)));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        return root.Seq("groups").SelectMany(g => g.Seq("rules"));
    }

    /// <summary>GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.</summary>
    private static string Anchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant().Replace(' ', '-'), @"[^a-z0-9\-_]", "");
}
