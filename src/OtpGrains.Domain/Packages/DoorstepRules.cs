using OtpGrains.Domain.Drivers;

namespace OtpGrains.Domain.Packages;

/// <summary>
/// The driver at the door: code and phone-digit entries against the day's attempt budget, the
/// plain delivered call and marking a stop undeliverable. Every counted command stores its answer
/// under its idempotency key in the same state change, so a replay spends nothing.
/// </summary>
public static class DoorstepRules
{
    /// <param name="reservation">The driver budget unit granted for a code or fallback entry (see <see cref="Claim"/>); its outcome event names it.</param>
    public static Decision<DriverReply> Handle(PackageState state, DriverCommand cmd, DeliveryContext ctx, string? reservation = null)
    {
        // Replies are keyed by driver, so a stored one is returned to the driver who caused it even
        // if the stop has since moved to someone else.
        var replyKey = ReplyKey(cmd);
        if (state.Requests.TryGetValue(replyKey, out var stored))
            return stored is { Reply: { } first } && stored.Kind == cmd.Kind
                ? Decision<DriverReply>.Unchanged(state, first)
                : Refuse(state, ctx, Fault.Conflict, "This idempotency key was already used for another command.");

        // API.md: a package not on this driver's route today (station time) is 404, whatever the command.
        if (state.Registration is null || state.Day is not { } day || day.DriverId != cmd.DriverId || ctx.StationOf(state).LocalDate(ctx.Now) != day.Date)
            return Refuse(state, ctx, Fault.NotFound, "No such package on your route today.");

        if (Refusal(state, day, cmd, ctx) is { } refusal) return Decision<DriverReply>.Unchanged(state, refusal);

        var actor = $"driver:{cmd.DriverId}";
        var (next, reply) = cmd.Kind switch
        {
            DriverCommandKind.Code => Enter(state, day, cmd, ctx, actor, ctx.Vault.Verify(state.Code!, ctx.TrackingId, cmd.Secret ?? ""), HandoverMethod.Code, reservation),
            DriverCommandKind.Fallback => Enter(state, day with { FallbacksUsed = day.FallbacksUsed + 1 }, cmd, ctx, actor,
                ctx.Vault.Matches(state.Registration.PhoneLastTwo, ShippingRules.PhonePurpose, ctx.TrackingId, cmd.Secret ?? ""), HandoverMethod.Fallback, reservation),
            DriverCommandKind.Delivered => Complete(state, day, cmd, ctx, actor, HandoverMethod.NoOtp, null),
            DriverCommandKind.Undeliverable => Fail(state, day, cmd, ctx, actor),
            _ => throw new ArgumentOutOfRangeException(nameof(cmd), cmd.Kind, "Unknown driver command kind."),
        };
        return new(next.Remember(replyKey, ctx, cmd.Kind, reply), reply, true);
    }

    /// <summary>
    /// The driver budget unit a command needs before it is evaluated: only a code or fallback entry that
    /// would be judged right or wrong now needs one. Null for a replay, a refusal, or any other command,
    /// which are answered without asking the driver's budgets.
    /// </summary>
    public static EntryClaim? Claim(PackageState state, DriverCommand cmd, DeliveryContext ctx) =>
        cmd.Kind is DriverCommandKind.Code or DriverCommandKind.Fallback
        && !state.Requests.ContainsKey(ReplyKey(cmd))
        && state is { Registration: not null, Day: { } day }
        && day.DriverId == cmd.DriverId
        && ctx.StationOf(state).LocalDate(ctx.Now) == day.Date
        && Refusal(state, day, cmd, ctx) is null
            ? new EntryClaim(ctx.TrackingId, cmd.Kind == DriverCommandKind.Fallback)
            : null;

    /// <summary>
    /// The answer to an entry the driver's budgets refused. Nothing is stored: not the attempt, not
    /// the reply under its idempotency key (so a retry once the budget frees up is judged then).
    /// </summary>
    public static DriverReply OverBudget(PackageState state, BudgetGrant refusal, DeliveryContext ctx) => refusal.RefusedBy switch
    {
        DriverBudgetKind.DailyFallbacks => Reply(state, ctx, Fault.FallbackNotAllowed,
            $"You made {ctx.Policy.DriverFallbacksPerDay} fallback entries today; use the code or mark the stop undeliverable."),
        _ => Reply(state, ctx, Fault.TooManyRequests,
            $"You made {ctx.Policy.DriverWrongEntriesPerHour} wrong or fallback entries within an hour; retry after the time in Retry-After.")
            with { RetryAfterSeconds = refusal.RetryAfterSeconds },
    };

    /// <summary>Why the phone-digit fallback cannot be used now, or null when it can.</summary>
    public static string? FallbackRefusal(PackageState state, DeliveryContext ctx)
    {
        if (state.Registration is not { } registration || state.Day is not { } day || !state.OtpRequired) return "The package needs no code.";
        if (state.Status != PackageStatus.OutForDelivery) return "The package is not out for delivery.";
        if (state.CustomerFlagged) return "The fallback is off for this customer.";
        var value = registration.DeclaredValue;
        if (!ctx.Policy.FallbackMaxValueMinor.TryGetValue(value.Currency, out var max) || value.AmountMinor > max)
            return "The fallback is off for packages of this value.";
        if (day.FallbacksUsed >= ctx.Policy.FallbacksPerDay) return "The fallback was already used today.";
        return null;
    }

    private static DriverReply? Refusal(PackageState state, DeliveryDay day, DriverCommand cmd, DeliveryContext ctx)
    {
        var station = ctx.StationOf(state);
        var isEntry = cmd.Kind is DriverCommandKind.Code or DriverCommandKind.Fallback;
        if (isEntry && !state.OtpRequired) return Reply(state, ctx, Fault.InvalidState, "The package needs no code; use the delivered command.");
        if (cmd.Kind == DriverCommandKind.Delivered && state.OtpRequired) return Reply(state, ctx, Fault.OtpRequired, "The package needs its code from a live person.");
        if (state.Status == PackageStatus.OtpLocked)
            return cmd.Kind == DriverCommandKind.Undeliverable ? null : Reply(state, ctx, Fault.OtpLocked, $"{ctx.Policy.AttemptsPerDay} wrong entries locked the package for today.");
        if (state.Status != PackageStatus.OutForDelivery) return Reply(state, ctx, Fault.InvalidState, $"The package is {state.Status}.");
        if (cmd.Kind == DriverCommandKind.Undeliverable) return null;
        if (!ctx.Policy.IsInDeliveryWindow(station.LocalTime(ctx.Now)))
            return Reply(state, ctx, Fault.OutsideDeliveryWindow, $"Deliveries run {ctx.Policy.DeliveryWindowStart:HH\\:mm}-{ctx.Policy.DeliveryWindowEnd:HH\\:mm} station time.");
        if (cmd.Kind == DriverCommandKind.Fallback && FallbackRefusal(state, ctx) is { } why) return Reply(state, ctx, Fault.FallbackNotAllowed, why);
        return null;
    }

    private static (PackageState, DriverReply) Enter(PackageState state, DeliveryDay day, DriverCommand cmd, DeliveryContext ctx, string actor, bool correct,
        HandoverMethod method, string? reservation)
    {
        var methodName = MethodName(method);
        if (correct)
        {
            var (delivered, reply) = Complete(state with { Day = day }, day, cmd, ctx, actor, method, reservation);
            return (delivered.Audited(ctx, actor, "attempt", nameof(AttemptOutcome.Delivered), methodName),
                reply with { Outcome = AttemptOutcome.Delivered, AttemptsLeft = StopRules.AttemptsLeft(delivered, ctx.Policy) });
        }

        var wrong = day with { WrongEntries = day.WrongEntries + 1 };
        var locked = wrong.WrongEntries >= ctx.Policy.AttemptsPerDay;
        var outcome = locked ? AttemptOutcome.Locked : AttemptOutcome.WrongCode;
        // The driver's budgets learn of the wrong entry from this event, sent after the write.
        var next = (state with { Day = wrong }).Audited(ctx, actor, "attempt", outcome.ToString(), methodName)
            .WithDriverEvent(ctx, day.DriverId, locked ? DriverEventKind.Locked : DriverEventKind.WrongEntry,
                viaFallback: method == HandoverMethod.Fallback, reservation: reservation);
        if (locked) next = next.Moved(ctx, actor, PackageStatus.OtpLocked);
        return (next, new DriverReply(ctx.TrackingId, next.Status, outcome, StopRules.AttemptsLeft(next, ctx.Policy)));
    }

    private static (PackageState, DriverReply) Complete(PackageState state, DeliveryDay day, DriverCommand cmd, DeliveryContext ctx, string actor,
        HandoverMethod method, string? reservation)
    {
        var handover = new Handover(ctx.Now, cmd.DriverId, cmd.RecipientName, method, method == HandoverMethod.NoOtp && cmd.LeftAtDoor);
        var next = (state with { Handover = handover, RedeliveryDate = null })
            .Moved(ctx, actor, PackageStatus.Delivered, MethodName(method))
            .WithDriverEvent(ctx, day.DriverId, DriverEventKind.Delivered, viaFallback: method == HandoverMethod.Fallback, reservation: reservation);
        return (next, new DriverReply(ctx.TrackingId, PackageStatus.Delivered));
    }

    private static (PackageState, DriverReply) Fail(PackageState state, DeliveryDay day, DriverCommand cmd, DeliveryContext ctx, string actor)
    {
        var station = ctx.StationOf(state);
        var reason = cmd.Reason ?? UndeliverableReason.Other;
        var returnBy = station.ToInstant(day.Date.AddDays(1), ctx.Policy.ReturnDeadline);
        var failure = new FailedDay(day.Date, day.DriverId, reason, state.Status == PackageStatus.OtpLocked, ctx.Now, returnBy, StateChanges.NextMessageId(ctx, state));
        var next = (state with { FailedDays = state.FailedDays.Add(failure) })
            .WithDriverEvent(ctx, day.DriverId, DriverEventKind.Undeliverable, reason)
            .Queued(ctx, id => new OutboxMessage(id, FailureIndex: new FailureIndexEntry(station.StationId, day.Date, ctx.TrackingId)))
            .Audited(ctx, actor, "undeliverable", reason.ToString())
            .Moved(ctx, actor, PackageStatus.AwaitingReturn);
        return (next, new DriverReply(ctx.TrackingId, PackageStatus.AwaitingReturn, ReturnBy: returnBy));
    }

    private static string ReplyKey(DriverCommand cmd) => $"{cmd.DriverId}\n{cmd.IdempotencyKey}";

    /// <summary>How the audit trail names a handover method.</summary>
    private static string MethodName(HandoverMethod method) => method switch
    {
        HandoverMethod.Code => "code",
        HandoverMethod.Fallback => "fallback",
        HandoverMethod.NoOtp => "no-otp",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown handover method."),
    };

    private static DriverReply Reply(PackageState state, DeliveryContext ctx, Fault fault, string detail) =>
        new(ctx.TrackingId, state.Status, Fault: fault, Detail: detail);

    private static Decision<DriverReply> Refuse(PackageState state, DeliveryContext ctx, Fault fault, string detail) =>
        Decision<DriverReply>.Unchanged(state, Reply(state, ctx, fault, detail));
}
