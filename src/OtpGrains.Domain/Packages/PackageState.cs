using OtpGrains.Domain.Codes;

namespace OtpGrains.Domain.Packages;

/// <summary>Everything the package grain stores. No field holds a code, a phone number or an e-mail address in readable form.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.PackageState")]
public sealed record PackageState
{
    [Id(0)] public Registration? Registration { get; init; }
    [Id(1)] public PackageStatus Status { get; init; }
    [Id(2)] public ImmutableList<OtpReason> OtpReasons { get; init; } = [];
    [Id(3)] public IssuedCode? Code { get; init; }
    [Id(4)] public DeliveryDay? Day { get; init; }
    [Id(5)] public ImmutableList<FailedDay> FailedDays { get; init; } = [];
    [Id(6)] public Handover? Handover { get; init; }
    [Id(7)] public DateOnly? RedeliveryDate { get; init; }
    [Id(8)] public DateOnly? ResendDate { get; init; }
    [Id(9)] public int ResendCount { get; init; }
    [Id(10)] public ImmutableDictionary<string, StoredReply> Replies { get; init; } = ImmutableDictionary<string, StoredReply>.Empty;
    [Id(11)] public ImmutableList<AuditEntry> Audit { get; init; } = [];
    [Id(12)] public ImmutableList<OutboxMessage> Outbox { get; init; } = [];
    [Id(13)] public long EventSequence { get; init; }
    [Id(14)] public bool MissingReported { get; init; }

    /// <summary>Request ids of recent code re-sends and reissues, so a retried request does it once.</summary>
    [Id(15)] public ImmutableList<string> RecentRequests { get; init; } = [];

    /// <summary>The station day of the last code reissue by support, and how many there were that day.</summary>
    [Id(16)] public DateOnly? ReissueDate { get; init; }
    [Id(17)] public int ReissueCount { get; init; }

    [JsonIgnore] public bool OtpRequired => OtpReasons.Count > 0;

    public PackageView ToView(string trackingId) => new(trackingId, Status, OtpRequired, OtpReasons);
}
