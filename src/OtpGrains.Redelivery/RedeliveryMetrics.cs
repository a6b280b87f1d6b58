using System.Diagnostics.Metrics;
using OtpGrains.Hosting.Telemetry;

namespace OtpGrains.Redelivery;

/// <summary>
/// One run's summary as counts (<c>otpgrains.redelivery.packages</c>, by result). The job is short-lived,
/// so nothing scrapes it: the counts leave over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// flushed when the client host is disposed at the end of the run.
/// </summary>
public sealed class RedeliveryMetrics(IMeterFactory meters)
{
    private readonly Counter<long> packages = meters.Create(OtpTelemetry.MeterName).CreateCounter<long>(
        "otpgrains.redelivery.packages",
        description: "Packages the redelivery job handled, by result: scheduled (new_code is the part of them with a new code), returned_to_shipper, not_returned (not yet scanned back at the station), failed.");

    public void Record(RedeliverySummary summary)
    {
        Add("scheduled", summary.Scheduled);
        Add("new_code", summary.NewCodes);
        Add("returned_to_shipper", summary.ReturnedToShipper);
        Add("not_returned", summary.NotReturned);
        Add("failed", summary.Failed);
    }

    // Zero counts are recorded too, so a run that found nothing still shows up as a run.
    private void Add(string result, int count) => packages.Add(count, new KeyValuePair<string, object?>("result", result));
}
