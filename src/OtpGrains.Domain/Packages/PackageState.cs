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
    /// <summary>
    /// The one store of requests the package acted on, so a retried request acts once: a driver's
    /// commands under <c>{driverId}\n{idempotencyKey}</c> with their first answer, replayed as it was;
    /// a shipper's, customer's or support's request (registration, code re-send, reissue) under the
    /// gateway's request id. One retention rule keeps it small (<see cref="StateChanges.Remember"/>).
    /// Stored as <c>Replies</c>, its name from when it held driver commands only.
    /// </summary>
    [Id(10), JsonPropertyName("Replies")] public ImmutableDictionary<string, AnsweredRequest> Requests { get; init; } = ImmutableDictionary<string, AnsweredRequest>.Empty;
    [Id(11)] public ImmutableList<AuditEntry> Audit { get; init; } = [];
    [Id(12)] public ImmutableList<OutboxMessage> Outbox { get; init; } = [];
    [Id(13)] public long EventSequence { get; init; }
    [Id(14)] public bool MissingReported { get; init; }

    /// <summary>
    /// The request ids a row stored before <see cref="Requests"/> kept them all kept apart (registrations,
    /// code re-sends and reissues). Read from such rows only: <see cref="StoredPackage.Upgrade"/> moves
    /// them into <see cref="Requests"/> when the package is activated, so nothing writes it again.
    /// </summary>
    [Id(15), JsonPropertyName("RecentRequests")] public ImmutableList<string>? StoredRecentRequests { get; init; }

    /// <summary>The station day of the last code reissue by support, and how many there were that day.</summary>
    [Id(16)] public DateOnly? ReissueDate { get; init; }
    [Id(17)] public int ReissueCount { get; init; }

    /// <summary>
    /// Whether the customer was flagged when the package asked, the one place a package keeps the
    /// customer's flag. It flows one way: the customer's record answers when
    /// <see cref="ShippingRules.NeedsCustomerFlag(PackageState, RegisterPackage)"/> (or one of its
    /// siblings) says a command needs it, the rules record it here, and the reasons for a code and the
    /// doorstep's fallback read it from here. Once learned it stays: a flag lasts months, longer than a
    /// package is on its way, and it only ever makes the doorstep stricter.
    /// </summary>
    [Id(18)] public bool CustomerFlagged { get; init; }

    [JsonIgnore] public bool OtpRequired => OtpReasons.Count > 0;

    public PackageView ToView(string trackingId) => new(trackingId, Status, OtpRequired, OtpReasons);
}

/// <summary>
/// What the shipper registered. The phone is kept only as a keyed hash of its last two digits and the
/// customer's e-mail address only sealed (<see cref="SealedEmail"/>), bound to the package; the
/// registration's <see cref="Fingerprint"/> is what a repeated registration is compared with.
/// <see cref="Shipper"/> owns the package; it is null for packages registered before ownership was
/// recorded (see <c>DeliveryPolicy.LegacyPackageOwner</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Registration")]
public sealed record Registration(
    [property: Id(0)] string CustomerId,
    [property: Id(10)] SealedText? SealedEmail,
    [property: Id(2)] KeyedDigest PhoneLastTwo,
    [property: Id(3)] Money DeclaredValue,
    [property: Id(4)] string Category,
    [property: Id(5)] string StationId,
    [property: Id(6)] bool RequireOtp,
    [property: Id(7)] KeyedDigest Fingerprint,
    [property: Id(8)] DateTimeOffset RegisteredAt,
    [property: Id(9)] string? Shipper = null)
{
    /// <summary>What the customer's e-mail address is sealed for, so it opens for nothing else.</summary>
    public const string EmailPurpose = "customer-email";

    /// <summary>
    /// The plain address of a row stored before addresses were sealed (then <see cref="SealedEmail"/> is
    /// null). The package seals it when it is activated (<see cref="ShippingRules.SealStoredEmail"/>), so
    /// its next write stores it sealed; nothing new is ever written here.
    /// </summary>
    [Id(1), JsonPropertyName("CustomerEmail")] public string? PlainEmail { get; init; }

    /// <summary>The customer's address, opened for the e-mail being sent and never kept.</summary>
    public string OpenEmail(CodeVault vault, string trackingId) =>
        SealedEmail is { } sealedEmail
            ? vault.Open(sealedEmail, EmailPurpose, trackingId)
            : PlainEmail ?? throw new InvalidOperationException("The registration holds no e-mail address.");

    /// <summary>
    /// Orleans' storage providers log the state they write at Trace; the compiler's ToString would put
    /// an old row's plain e-mail address in that line, so it is left out here.
    /// </summary>
    public override string ToString() =>
        $"Registration {{ CustomerId = {CustomerId}, DeclaredValue = {DeclaredValue}, Category = {Category}, StationId = {StationId}, RequireOtp = {RequireOtp}, RegisteredAt = {RegisteredAt:O}, Shipper = {Shipper} }}";
}

/// <summary>One day on one driver's route, with that day's own attempt budget.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.DeliveryDay")]
public sealed record DeliveryDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string RouteId,
    [property: Id(2)] string DriverId,
    [property: Id(3)] TimeOnly BlockStart,
    [property: Id(4)] TimeOnly BlockEnd,
    [property: Id(5)] PackageStatus StatusBefore)
{
    /// <summary>
    /// The customer's flag as a row stored before <see cref="PackageState.CustomerFlagged"/> kept it
    /// for the whole package. Read from such rows only: <see cref="StoredPackage.Upgrade"/> moves it
    /// there when the package is activated, so nothing writes it again.
    /// </summary>
    [Id(6), JsonPropertyName("CustomerFlagged")] public bool StoredCustomerFlag { get; init; }

    [Id(7)] public int WrongEntries { get; init; }
    [Id(8)] public int FallbacksUsed { get; init; }
}

/// <summary>A delivery day that ended undelivered, and what has happened since.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.FailedDay")]
public sealed record FailedDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string DriverId,
    [property: Id(2)] UndeliverableReason Reason,
    [property: Id(3)] bool EndedLocked,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset ReturnBy,
    [property: Id(6)] string FailureEventId)
{
    [Id(7)] public DateTimeOffset? ReturnedAt { get; init; }
    [Id(8)] public bool Excused { get; init; }
    [Id(9)] public bool RedeliveryDone { get; init; }

    [JsonIgnore] public bool? ReturnedOnTime => ReturnedAt is { } at ? at <= ReturnBy : null;
}

/// <summary>
/// A request the package acted on, stored with the state change it caused: when, and for a driver's
/// command its kind and first answer (a request from the gateway needs neither: it is answered with the
/// package as it is now).
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.StoredReply")]
public sealed record AnsweredRequest(
    [property: Id(0)] DriverCommandKind? Kind,
    [property: Id(1)] DriverReply? Reply,
    [property: Id(2)] DateTimeOffset At);

/// <summary>One line of the support audit trail. Never holds a code or phone digits.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string? Method = null)
{
    /// <summary>The longest free-text note (an excuse) an audit line keeps; longer ones are refused, never cut.</summary>
    public const int MaxNoteLength = 1000;
}

/// <summary>
/// A row stored by an older version, brought to today's shape in memory when the package is
/// activated; whatever the package writes next stores it so. A row already in today's shape is
/// returned as it is.
/// </summary>
public static class StoredPackage
{
    public static PackageState Upgrade(PackageState state, DeliveryContext ctx) =>
        CarryRecentRequests(CarryCustomerFlag(ShippingRules.SealStoredEmail(state, ctx)), ctx);

    /// <summary>Rows stored before every request went to <see cref="PackageState.Requests"/> kept gateway request ids in a list of their own; they are remembered from now.</summary>
    public static PackageState CarryRecentRequests(PackageState state, DeliveryContext ctx)
    {
        if (state.StoredRecentRequests is not { } ids) return state;
        return ids.Aggregate(state with { StoredRecentRequests = null }, (next, id) => next.Requests.ContainsKey(id) ? next : next.Remember(id, ctx));
    }

    /// <summary>
    /// Rows stored before the package kept the customer's flag in one place held it in its reasons for
    /// a code (flagged at registration or shipping) or on the delivery day (flagged when the route was built).
    /// </summary>
    public static PackageState CarryCustomerFlag(PackageState state)
    {
        var dayFlag = state.Day is { StoredCustomerFlag: true };
        if (!dayFlag && (state.CustomerFlagged || !state.OtpReasons.Contains(OtpReason.FlaggedCustomer))) return state;
        return state with
        {
            CustomerFlagged = true,
            Day = dayFlag ? state.Day! with { StoredCustomerFlag = false } : state.Day,
        };
    }
}
