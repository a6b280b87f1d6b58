namespace OtpGrains.Tests.Deploy.Monitoring;

/// <summary>
/// The Prometheus metric names the dashboard and the alert rules may use: the project's own meter
/// (docs/metrics.md), the OpenTelemetry instrumentations the processes register (ASP.NET Core,
/// Kestrel, Npgsql, .NET runtime, process), Orleans' meter, and the standard names of Prometheus
/// itself and kube-state-metrics. Histograms appear with their _bucket, _count and _sum series.
/// </summary>
public static class KnownMetrics
{
    /// <summary>The project's meter "OtpGrains", as docs/metrics.md lists it.</summary>
    public static readonly string[] Project =
    [
        "otpgrains_attempts_total",
        "otpgrains_deliveries_total",
        "otpgrains_driver_commands_total",
        "otpgrains_budget_refusals_total",
        "otpgrains_outbox_lag_seconds",
        "otpgrains_outbox_delivered_total",
        "otpgrains_outbox_failures_total",
        "otpgrains_email_sent_total",
        "otpgrains_email_failures_total",
        "otpgrains_redelivery_packages_total",
        "otpgrains_packages_active",
    ];

    /// <summary>
    /// Orleans 10.4.2's meter "Microsoft.Orleans" as its Prometheus exporter writes it (dashes become
    /// underscores, counters end in _total, "ms" adds _milliseconds), read off a silo's /metrics.
    /// </summary>
    public static readonly string[] Orleans =
    [
        "orleans_grains",
        "orleans_catalog_activations",
        "orleans_catalog_activation_created_total",
        "orleans_consistent_ring_size",
        "orleans_app_requests_latency_milliseconds",
        "orleans_storage_read_errors_total",
        "orleans_storage_write_errors_total",
        "orleans_storage_read_latency_milliseconds",
        "orleans_storage_write_latency_milliseconds",
        "orleans_gateway_connected_clients",
        "orleans_messaging_sent_failed_total",
        "orleans_messaging_rejected_total",
    ];

    /// <summary>OpenTelemetry instrumentations of ASP.NET Core, Kestrel, Npgsql, the runtime and the process.</summary>
    public static readonly string[] OpenTelemetry =
    [
        "http_server_request_duration_seconds",
        "http_server_active_requests",
        "kestrel_active_connections",
        "db_client_operation_duration_seconds",
        "db_client_operation_failed_total",
        "db_client_connection_count",
        "db_client_connection_max",
        "db_client_connection_npgsql_pending_requests",
        "db_client_connection_npgsql_timeouts_total",
        "process_cpu_time_seconds_total",
        "process_memory_usage_bytes",
        "dotnet_gc_collections_total",
        "dotnet_process_memory_working_set_bytes",
        "dotnet_thread_pool_thread_count_total",
    ];

    /// <summary>Prometheus' own per-target series and kube-state-metrics (for the CronJob).</summary>
    public static readonly string[] Platform =
    [
        "up",
        "kube_job_status_failed",
        "kube_cronjob_status_last_successful_time",
    ];

    private static readonly string[] HistogramSeries = ["_bucket", "_count", "_sum"];

    public static bool IsKnown(string name)
    {
        var all = Project.Concat(Orleans).Concat(OpenTelemetry).Concat(Platform).ToHashSet();
        return all.Contains(name) || HistogramSeries.Any(s => name.EndsWith(s, StringComparison.Ordinal) && all.Contains(name[..^s.Length]));
    }
}
