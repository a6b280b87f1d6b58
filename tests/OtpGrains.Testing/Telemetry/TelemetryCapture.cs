using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OtpGrains.Tests.Telemetry;

/// <summary>
/// Everything a process's OpenTelemetry pipeline exports, caught by the in-memory exporters: every span
/// and every metric point. Listeners are process-wide, so spans and points of other hosts running in
/// the same test process arrive too; a test looks for its own by trace id or simply checks them all.
/// </summary>
public sealed class TelemetryCapture
{
    public Sink<Activity> Spans { get; } = new();

    public Sink<MetricSnapshot> Metrics { get; } = new();

    /// <summary>Adds the in-memory exporters to the providers the process builds.</summary>
    public void Install(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    /// <summary>Exports what the providers still hold (ended spans, current metric values).</summary>
    public static void Flush(IServiceProvider services)
    {
        Assert.True(services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // False whatever the in-memory reader did: the Prometheus reader is pulled by scrapes, never flushed.
        services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
    }

    /// <summary>Every text a span or metric carries: names, tag keys and values, events, links, status.</summary>
    public IEnumerable<(string Where, string Key, string Value)> Fields()
    {
        foreach (var span in Spans)
        {
            var where = $"span '{span.DisplayName}' ({span.Source.Name})";
            yield return (where, "name", span.DisplayName);
            yield return (where, "operation", span.OperationName);
            if (span.StatusDescription is { } status) yield return (where, "status", status);
            foreach (var (key, value) in span.TagObjects) yield return (where, key, Text(value));
            foreach (var (key, value) in span.Baggage) yield return (where, key, value ?? "");
            foreach (var e in span.Events)
            {
                yield return (where, "event", e.Name);
                foreach (var (key, value) in e.Tags) yield return ($"{where} event '{e.Name}'", key, Text(value));
            }
            foreach (var link in span.Links)
                foreach (var (key, value) in link.Tags ?? []) yield return ($"{where} link", key, Text(value));
        }

        foreach (var metric in Metrics)
        {
            var where = $"metric '{metric.Name}' ({metric.MeterName})";
            yield return (where, "name", metric.Name);
            yield return (where, "description", metric.Description);
            foreach (var point in metric.MetricPoints)
                foreach (var (key, value) in point.Tags) yield return (where, key, Text(value));
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable items => string.Join(",", items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };

    /// <summary>A collection the exporters may add to from any thread while a test reads a snapshot.</summary>
    public sealed class Sink<T> : ICollection<T>
    {
        private readonly ConcurrentQueue<T> items = new();

        public int Count => items.Count;

        public bool IsReadOnly => false;

        public void Add(T item) => items.Enqueue(item);

        public void Clear() => items.Clear();

        public bool Contains(T item) => items.Contains(item);

        /// <summary>
        /// Copies what fits: <c>ToList</c> sizes the array by <see cref="Count"/> first, and an exporter may
        /// add in between. Items are only ever appended, so the first ones are the collection as it was
        /// when counted.
        /// </summary>
        public void CopyTo(T[] array, int arrayIndex)
        {
            var snapshot = items.ToArray();
            Array.Copy(snapshot, 0, array, arrayIndex, Math.Min(snapshot.Length, array.Length - arrayIndex));
        }

        public bool Remove(T item) => throw new NotSupportedException("The exporters only add.");

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items.ToArray()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
