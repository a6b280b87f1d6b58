using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Npgsql;
using OtpGrains.Tests.Support;
using OtpGrains.Tests.Telemetry;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// A caller's trace runs through the grain call into the PostgreSQL commands the grain's write runs, and
/// those spans carry the statement text only, never the stored state it writes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTraceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly ActivitySource Caller = new("OtpGrains.Tests.Caller");

    [Fact]
    public async Task A_grain_call_and_its_postgres_write_are_one_trace_whose_sql_spans_hold_no_state()
    {
        var spans = new TelemetryCapture.Sink<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new AlwaysOnSampler())
            .AddSource(Caller.Name, "Microsoft.Orleans.*")
            .AddNpgsql()
            .AddInMemoryExporter(spans)
            .Build();
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"trace-{Guid.NewGuid():N}");
        var deliveries = new Deliveries(cluster.Client);
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var registration = Deliveries.Laptop(customer);

        ActivityTraceId traceId;
        string code;
        using (var call = Caller.StartActivity("driver-app", ActivityKind.Client)!)
        {
            traceId = call.TraceId;
            var trackingId = await deliveries.OutForDelivery(registration, driver);
            code = await deliveries.Code(trackingId, customer);
            var reply = await deliveries.Package(trackingId).HandleDriverCommand(Deliveries.Entry(driver, Deliveries.WrongCode(code)));
            Assert.Equal(AttemptOutcome.WrongCode, reply.Outcome);
        }
        Assert.True(tracing.ForceFlush(10_000));

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var drive = Assert.Single(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
            && s.Kind == ActivityKind.Server && s.DisplayName.Contains("IPackageGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Drive", StringComparison.Ordinal));
        var sql = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(sql, s => Under(s, drive, trace));

        var fields = sql.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName)).ToList();
        Assert.Contains(fields, f => f.StartsWith("db.query.text=", StringComparison.Ordinal) || f.StartsWith("db.statement=", StringComparison.Ordinal));
        foreach (var secret in new[] { registration.CustomerEmail, registration.CustomerPhone, registration.PhoneDigits, code, "\"Registration\"", "payloadjson\":" })
            Assert.DoesNotContain(fields, f => f.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(fields, f => f.StartsWith("db.query.parameter", StringComparison.Ordinal));
    }

    private static bool Under(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var bySpan = trace.ToDictionary(s => s.SpanId);
        for (var current = span; current is not null; current = bySpan.GetValueOrDefault(current.ParentSpanId))
            if (current.SpanId == ancestor.SpanId) return true;
        return false;
    }
}
