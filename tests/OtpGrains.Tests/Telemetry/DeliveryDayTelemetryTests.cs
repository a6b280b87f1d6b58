using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Telemetry;

/// <summary>
/// A whole delivery day through the gateway, with every span, metric point and log line collected:
/// nothing personal or secret may appear in any of them, and one HTTP request is one trace down
/// through the grain call.
/// </summary>
public sealed class DeliveryDayTelemetryTests(DeliveryDayTelemetryTests.DeliveryDay day) : IClassFixture<DeliveryDayTelemetryTests.DeliveryDay>
{
    private const string Email = "ottilie.vanderbrook@example.org";
    private const string Phone = "+44 7700 900817";
    private const string Recipient = "Perpetua Grimsditch";
    private const string Neighbour = "Barnaby Wolstenholme";

    private readonly TelemetryGateway host = day.Host;

    [Fact]
    public void A_delivery_day_leaves_no_code_phone_email_or_name_in_any_span_metric_or_log_line()
    {

        var fields = host.Telemetry.Fields().ToList();
        var lines = host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains(day.Delivered.TrackingId));
        Assert.Contains(fields, f => f.Value.Contains(day.Delivered.TrackingId));

        var secrets = new List<(string What, Regex Pattern)>
        {
            ("e-mail", Literal(Email)),
            ("e-mail local part", Literal(Email.Split('@')[0])),
            ("phone number", Literal(Phone)),
            ("phone digits", Literal(Phone.Replace(" ", "").TrimStart('+'))),
            ("phone's last four digits", Standalone("0817")),
            ("recipient name", Literal(Recipient)),
            ("recipient's surname", Literal(Recipient.Split(' ')[1])),
            ("name in a note", Literal(Neighbour)),
            ("surname in a note", Literal(Neighbour.Split(' ')[1])),
            ("issued code", Standalone(day.Delivered.Code!)),
            ("other package's code", Standalone(day.Undelivered.Code!)),
            ("entered wrong code", Standalone(day.WrongCode)),
        };
        foreach (var (what, pattern) in secrets)
        {
            var field = fields.FirstOrDefault(f => pattern.IsMatch(f.Key) || pattern.IsMatch(f.Value));
            Assert.True(field == default, $"The {what} is in {field.Where}: {field.Key}={field.Value}");
            var line = lines.FirstOrDefault(pattern.IsMatch);
            Assert.True(line is null, $"The {what} is in a log line: {line}");
        }

        // The phone's last two digits are too short to look for anywhere; nothing named after them may hold them.
        var digitsNamed = new Regex("phone|digit", RegexOptions.IgnoreCase);
        Assert.DoesNotContain(fields, f => digitsNamed.IsMatch(f.Key) && f.Value.Contains("17"));
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"(?i)(phone|digit)\w*\W{1,3}17\b"));
    }

    [Fact]
    public void A_drivers_code_entry_is_one_trace_from_the_http_request_through_the_package_grain_call()
    {

        var spans = host.Telemetry.Spans.ToList();
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
            && (s.GetTagItem("url.path") as string) == day.Delivered.DriverPath("otp") && s.GetTagItem("http.response.status_code") is 200
            && day.DeliveringRequest == s.TraceId);
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        var grainCalls = trace.Where(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
            && s.DisplayName.Contains("IPackageGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Drive", StringComparison.Ordinal)).ToList();
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Client);
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Server);
        // The silo's side of the call hangs under the gateway's side, which hangs under the request.
        var client = grainCalls.First(s => s.Kind == ActivityKind.Client);
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Server && s.ParentSpanId == client.SpanId);
        Assert.True(IsUnder(client, request, trace), "The grain call is not inside the HTTP request's span tree.");
    }

    [Fact]
    public void A_delivery_day_is_counted_in_the_projects_metrics()
    {

        var points = host.Telemetry.Metrics.Where(m => m.MeterName == "OtpGrains")
            .SelectMany(m => m.MetricPoints.Select(p => (m.Name, Tags: Tags(p), Point: p))).ToList();
        Assert.Contains(points, p => p.Name == "otpgrains.attempts" && p.Tags == "kind=code,outcome=wrong_code");
        Assert.Contains(points, p => p.Name == "otpgrains.attempts" && p.Tags == "kind=code,outcome=delivered");
        Assert.Contains(points, p => p.Name == "otpgrains.deliveries" && p.Tags == "method=code");
        Assert.Contains(points, p => p.Name == "otpgrains.budget.refusals" && p.Tags == "budget=customer-resends");
        Assert.Contains(points, p => p.Name == "otpgrains.email.sent" && p.Tags == "kind=code_issued");
        Assert.Contains(points, p => p.Name == "otpgrains.outbox.delivered");
        Assert.Contains(points, p => p.Name == "otpgrains.outbox.lag" && p.Point.GetHistogramCount() > 0);
        Assert.Contains(points, p => p.Name == "otpgrains.packages.active");
        // Other hosts in this test process export a gauge of the same name (their own silo's count, often
        // 0) into the same point, so the value is read from this host's own instrument.
        Assert.True(ActivePackages(host.Services) > 0, "This host's silo counts no active package.");
        Assert.Contains(host.Telemetry.Metrics, m => m.MeterName == "Microsoft.Orleans" && m.Name == "orleans-grains");
    }

    /// <summary>
    /// Register (with e-mail and phone) and ship two packages, re-send a code twice (the second is
    /// refused), build the route, a wrong then the right code with the recipient's name on one, the
    /// other undeliverable with a note naming a neighbour, support reads both and excuses the failure.
    /// Run once for the class, on its own gateway; the tests read what it left behind.
    /// </summary>
    public sealed class DeliveryDay : IAsyncLifetime
    {
        public TelemetryGateway Host { get; } = new();

        public Parcel Delivered { get; private set; } = null!;

        public Parcel Undelivered { get; private set; } = null!;

        public string WrongCode { get; private set; } = "";

        public ActivityTraceId DeliveringRequest { get; private set; }

        public async Task InitializeAsync() => (Delivered, Undelivered, WrongCode, DeliveringRequest) = await Run(Host);

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private static async Task<(Parcel, Parcel, string, ActivityTraceId)> Run(TelemetryGateway host)
    {
        var api = host.Api;
        host.Logs.Capturing = true;
        try
        {
            var delivered = await Register(api);
            var undelivered = await Register(api);
            (await api.As("customer", delivered.CustomerId, HttpMethod.Post, $"{delivered.CustomerPath}/resend-code")).Is(HttpStatusCode.Accepted);
            (await api.As("customer", delivered.CustomerId, HttpMethod.Post, $"{delivered.CustomerPath}/resend-code")).Is(HttpStatusCode.TooManyRequests);

            var routeId = Deliveries.NewId("R");
            var driverId = Deliveries.NewId("D");
            (await Flow.BuildRoute(api, Flow.Station, routeId, driverId, TestClock.Today, "22:00", "23:00", delivered.TrackingId, undelivered.TrackingId))
                .Is(HttpStatusCode.OK);
            delivered = delivered with { RouteId = routeId, DriverId = driverId };
            undelivered = undelivered with { RouteId = routeId, DriverId = driverId };

            var wrong = delivered.Code == "739146" ? "739147" : "739146";
            var wrongReply = (await Flow.Enter(api, delivered, wrong)).Is(HttpStatusCode.OK);
            Assert.Equal("WrongCode", wrongReply.Json.GetProperty("outcome").GetString());

            // The request's trace id is the one the test's own client span starts, like a driver app's would.
            using var driverApp = new Activity("driver-app").SetIdFormat(ActivityIdFormat.W3C).Start();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivered.DriverPath("otp"));
            request.Headers.Authorization = new("Bearer", await api.Token("driver", driverId));
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            request.Headers.Add("traceparent", driverApp.Id);
            request.Content = System.Net.Http.Json.JsonContent.Create(new { code = delivered.Code, recipientName = Recipient });
            using (var response = await api.Http.SendAsync(request))
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            driverApp.Stop();

            (await api.As("driver", driverId, HttpMethod.Post, undelivered.DriverPath("undeliverable"),
                new { reason = "CustomerUnavailable", note = $"{Neighbour} next door would not take it" }, Guid.NewGuid().ToString())).Is(HttpStatusCode.OK);
            (await api.As("support", "A-1", HttpMethod.Get, delivered.SupportPath)).Is(HttpStatusCode.OK);
            (await api.As("support", "A-1", HttpMethod.Get, undelivered.SupportPath)).Is(HttpStatusCode.OK);
            (await api.As("support", "A-1", HttpMethod.Post, $"{undelivered.SupportPath}/excuse", new { note = $"{Neighbour} confirmed the driver called" }))
                .Is(HttpStatusCode.OK);
            (await api.As("support", "A-1", HttpMethod.Get, $"/v1/drivers/{driverId}/reliability")).Is(HttpStatusCode.OK);

            // Code e-mails (issue, re-send) and the driver's events leave through the outbox in later turns.
            await Eventually.True(() => Task.FromResult(host.Emails.For(delivered.TrackingId).Count() >= 2 && host.Emails.For(undelivered.TrackingId).Any()));
            await Eventually.True(async () =>
                (await api.As("support", "A-1", HttpMethod.Get, $"/v1/drivers/{driverId}/reliability")).Json.GetProperty("delivered").GetInt32() == 1);
            TelemetryCapture.Flush(host.Services);
            return (delivered, undelivered, wrong, driverApp.TraceId);
        }
        finally
        {
            host.Logs.Capturing = false;
        }
    }

    private static Task<Parcel> Register(Api api) => Flow.Shipped(api, email: Email, phone: Phone);

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var bySpan = trace.ToDictionary(s => s.SpanId);
        for (var current = span; current is not null; current = bySpan.GetValueOrDefault(current.ParentSpanId))
            if (current.SpanId == ancestor.SpanId) return true;
        return false;
    }

    private static long ActivePackages(IServiceProvider services)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        long value = -1;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "otpgrains.packages.active") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    private static string Tags(MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var (key, value) in point.Tags) tags.Add($"{key}={value}");
        return string.Join(",", tags.Order(StringComparer.Ordinal));
    }

    private static Regex Literal(string text) => new(Regex.Escape(text), RegexOptions.IgnoreCase);

    // Digits standing alone: not part of a longer number, nor of a hex trace or span id.
    private static Regex Standalone(string digits) => new($"(?<![0-9a-fA-F]){Regex.Escape(digits)}(?![0-9a-fA-F])");
}
