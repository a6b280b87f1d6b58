using OtpGrains.Domain.Packages;

namespace OtpGrains.Domain.Customers;

/// <summary>A customer's missing-delivery reports and the flag they earn.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.CustomerRecord")]
public sealed record CustomerRecord
{
    [Id(0)] public ImmutableList<MissingReport> Reports { get; init; } = [];
    [Id(1)] public DateTimeOffset? FlaggedUntil { get; init; }

    public bool IsFlagged(DateTimeOffset now) => FlaggedUntil is { } until && now < until;

    /// <summary>
    /// Counts a report once per package, however often it is delivered; enough reports inside the window flag the customer for
    /// the flag period from the report that tipped it.
    /// </summary>
    public CustomerRecord Report(MissingReport report, DeliveryPolicy policy)
    {
        if (Reports.Any(r => r.TrackingId == report.TrackingId)) return this;
        // A report this much older than a kept one was counted and then aged out: a package replaying
        // its outbox after a long sleep must not bring it back.
        if (!Reports.IsEmpty && report.At < Reports.Max(r => r.At).AddDays(-policy.MissingReportWindowDays)) return this;
        var windowStart = report.At.AddDays(-policy.MissingReportWindowDays);
        var reports = Reports.RemoveAll(r => r.At < windowStart).Add(report);
        var flaggedUntil = FlaggedUntil;
        if (reports.Count >= policy.MissingReportsToFlag)
        {
            var until = report.At.AddDays(policy.FlagDays);
            flaggedUntil = flaggedUntil is { } existing && existing > until ? existing : until;
        }
        return this with { Reports = reports, FlaggedUntil = flaggedUntil };
    }
}
