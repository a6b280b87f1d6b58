using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace OtpGrains.Hosting.Telemetry;

/// <summary>
/// Telemetry for every process, wired once: metrics (the project's meter, Orleans, ASP.NET Core,
/// Npgsql, the .NET runtime and the process) for the Prometheus scrape endpoint, traces from the HTTP
/// request through the grain call to the PostgreSQL command, and logs with trace ids. OTLP export of
/// all three is switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, as every OpenTelemetry SDK does.
/// </summary>
public static class OtpTelemetry
{
    /// <summary>The project's own meter; <c>DeliveryMetrics</c> and the redelivery job record into it.</summary>
    public const string MeterName = "OtpGrains";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds metrics, tracing and log settings for the process named <paramref name="serviceName"/>
    /// (the resource's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise).
    /// </summary>
    /// <exception cref="InvalidOperationException">An <c>OTEL_TRACES_SAMPLER</c> setting cannot be read.</exception>
    public static IHostApplicationBuilder AddOtpTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        // Read now, so a misspelt sampler stops the process before anything starts.
        var sampler = TraceSampling.Read(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

        AddLogging(builder, otlp);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceNamespace: "otpgrains", autoGenerateServiceInstanceId: true))
            .WithMetrics(metrics => metrics
                .AddMeter(MeterName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .SetSampler(sampler)
                .AddSource(ActivitySources.AllActivitySourceName)
                // Probes and scrapes would be most of the traces and tell nothing.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !ManagementEndpoints.IsManagementPath(http.Request.Path))
                .AddNpgsql());
        if (otlp) telemetry.UseOtlpExporter();
        return builder;
    }

    private static void AddLogging(IHostApplicationBuilder builder, bool otlp)
    {
        // Every log line written inside a request or a grain call carries its trace and span ids.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object per line for the log collector; the scopes hold the trace ids.
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        if (otlp) builder.Logging.AddOpenTelemetry(o => (o.IncludeScopes, o.IncludeFormattedMessage) = (true, true));
    }
}
