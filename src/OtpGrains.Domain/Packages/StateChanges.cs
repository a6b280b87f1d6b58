using OtpGrains.Domain.Drivers;

namespace OtpGrains.Domain.Packages;

/// <summary>The small state edits every rule shares: audit lines, outbox messages, new codes.</summary>
internal static class StateChanges
{
    public static PackageState Audited(this PackageState state, DeliveryContext ctx, string actor, string action, string outcome, string? method = null) =>
        state with { Audit = state.Audit.Add(new AuditEntry(ctx.Now, actor, action, outcome, method)) };

    public static PackageState Moved(this PackageState state, DeliveryContext ctx, string actor, PackageStatus to, string? method = null) =>
        (state with { Status = to }).Audited(ctx, actor, "status", to.ToString(), method);

    /// <summary>Queues a cross-grain message. Its id is stored with the state, so every retry carries the same id.</summary>
    public static PackageState Queued(this PackageState state, DeliveryContext ctx, Func<string, OutboxMessage> message)
    {
        return state with
        {
            EventSequence = state.EventSequence + 1,
            Outbox = state.Outbox.Add(message(NextMessageId(ctx, state))),
        };
    }

    /// <summary>The id the next queued message gets, for records that must point at it.</summary>
    public static string NextMessageId(DeliveryContext ctx, PackageState state) => $"{ctx.TrackingId}#{state.EventSequence + 1}";

    public static PackageState WithDriverEvent(this PackageState state, DeliveryContext ctx, string driverId, DriverEventKind kind,
        UndeliverableReason? reason = null, string? excuses = null, bool viaFallback = false, DateOnly? countsOn = null, string? reservation = null) =>
        state.Queued(ctx, id => new OutboxMessage(id, new DriverEvent(id, driverId, kind, ctx.Now, ctx.TrackingId, reason, excuses, viaFallback, state.EventSequence + 1, countsOn, reservation)));

    /// <summary>
    /// Queues an email to the registered customer; <paramref name="withCode"/> names the current code's
    /// generation so the body can carry it. The address is opened from the registration when it is sent.
    /// </summary>
    public static PackageState WithEmail(this PackageState state, DeliveryContext ctx, EmailKind kind, DateOnly? date = null, bool withCode = true) =>
        state.Queued(ctx, id => new OutboxMessage(id, Email: new EmailNotice(kind, withCode ? state.Code?.Generation : null, date)));

    public static PackageState WithNewCode(this PackageState state, DeliveryContext ctx, string actor)
    {
        var generation = (state.Code?.Generation ?? 0) + 1;
        var (issued, _) = ctx.Vault.Issue(ctx.TrackingId, generation, ctx.Now);
        return (state with { Code = issued }).Audited(ctx, actor, "code-issued", $"generation {generation}");
    }

    /// <summary>Records what the customer's record answered; a flag once learned stays (see <see cref="PackageState.CustomerFlagged"/>).</summary>
    public static PackageState WithCustomerFlag(this PackageState state, bool flagged) =>
        flagged && !state.CustomerFlagged ? state with { CustomerFlagged = true } : state;

    /// <summary>
    /// Remembers a request the package acted on under its idempotency key, and forgets every one older
    /// than <c>Policy:IdempotencyRetentionHours</c>: the one retention rule for every retried request, a
    /// driver app's hours later or the gateway's within seconds. Only requests that changed the package
    /// are kept, and each kind is limited per day, so the store stays small.
    /// </summary>
    public static PackageState Remember(this PackageState state, string key, DeliveryContext ctx, DriverCommandKind? kind = null, DriverReply? reply = null)
    {
        var keepFrom = ctx.Now.AddHours(-ctx.Policy.IdempotencyRetentionHours);
        var kept = state.Requests.RemoveRange(state.Requests.Where(r => r.Value.At < keepFrom).Select(r => r.Key));
        return state with { Requests = kept.SetItem(key, new AnsweredRequest(kind, reply, ctx.Now)) };
    }

    public static PackageView View(this PackageState state, DeliveryContext ctx) => state.ToView(ctx.TrackingId);

    /// <summary>An answer that changes nothing.</summary>
    public static Decision<Result<T>> Answer<T>(this PackageState state, T value) => Decision<Result<T>>.Unchanged(state, Result<T>.Ok(value));

    /// <summary>A refusal: nothing changes.</summary>
    public static Decision<Result<T>> Refuse<T>(this PackageState state, Fault fault, string detail) => Decision<Result<T>>.Unchanged(state, Result<T>.Refuse(fault, detail));

    /// <summary>An answer that comes with <paramref name="next"/> as the new state, to be written before it is returned.</summary>
    public static Decision<Result<T>> Change<T>(this PackageState next, T value) => new(next, Result<T>.Ok(value), true);
}
