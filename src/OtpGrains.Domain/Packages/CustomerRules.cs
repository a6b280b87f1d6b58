namespace OtpGrains.Domain.Packages;

/// <summary>The customer's tracking page, code re-sends and fresh codes, missing reports, and support's reissue.</summary>
public static class CustomerRules
{
    /// <summary>Statuses in which the code can still be used, so the tracking page shows it.</summary>
    public static readonly ImmutableHashSet<PackageStatus> CodeVisible =
    [
        PackageStatus.Shipped, PackageStatus.OutForDelivery, PackageStatus.OtpLocked, PackageStatus.AwaitingReturn,
        PackageStatus.ReturnedToStation, PackageStatus.ScheduledForRedelivery,
    ];

    public static Result<CustomerPackageView> View(PackageState state, string customerId, DeliveryContext ctx)
    {
        if (state.Registration?.CustomerId != customerId) return Result<CustomerPackageView>.Refuse(Fault.NotFound, "No such package.");
        var otp = state.Code is { } code && CodeVisible.Contains(state.Status) ? ctx.Vault.Reveal(code, ctx.TrackingId) : null;
        return Result<CustomerPackageView>.Ok(new CustomerPackageView(
            ctx.TrackingId, state.Status, state.OtpRequired, otp, state.Day?.Date, state.RedeliveryDate, state.Handover?.At, state.Handover?.ReceivedBy));
    }

    /// <summary>Emails the current code again, or a fresh one when asked; a few times a station day at most.</summary>
    public static Decision<Result<PackageView>> Resend(PackageState state, string customerId, bool fresh, string requestId, DeliveryContext ctx)
    {
        if (state.Registration?.CustomerId != customerId) return state.Refuse<PackageView>(Fault.NotFound, "No such package.");
        if (state.Requests.ContainsKey(requestId)) return state.Answer(state.View(ctx));
        if (state.Code is null || !CodeVisible.Contains(state.Status)) return state.Refuse<PackageView>(Fault.InvalidState, "The package has no code to send.");
        var today = ctx.StationOf(state).LocalDate(ctx.Now);
        // Held here, not in a gateway, so the limit is the same through every gateway.
        var sentToday = state.ResendDate == today ? state.ResendCount : 0;
        if (sentToday >= ctx.Policy.ResendsPerDay) return state.Refuse<PackageView>(Fault.TooManyRequests, $"The code can be sent {ctx.Policy.ResendsPerDay} times a day.");

        var actor = $"customer:{customerId}";
        var next = state.Remember(requestId, ctx) with { ResendDate = today, ResendCount = sentToday + 1 };
        next = fresh
            ? next.WithNewCode(ctx, actor).WithEmail(ctx, EmailKind.CodeReissued)
            : next.Audited(ctx, actor, "code-resent", "queued").WithEmail(ctx, EmailKind.CodeResent);
        return next.Change(next.View(ctx));
    }

    public static Decision<Result<PackageView>> Reissue(PackageState state, string agentId, string requestId, DeliveryContext ctx)
    {
        if (state.Registration is null) return state.Refuse<PackageView>(Fault.NotFound, "No such package.");
        if (state.Requests.ContainsKey(requestId)) return state.Answer(state.View(ctx));
        if (state.Code is null || !CodeVisible.Contains(state.Status)) return state.Refuse<PackageView>(Fault.InvalidState, "The package has no code that can be replaced.");
        // Held here, not in a gateway, so the limit is the same through every gateway.
        var today = ctx.StationOf(state).LocalDate(ctx.Now);
        var reissuedToday = state.ReissueDate == today ? state.ReissueCount : 0;
        if (reissuedToday >= ctx.Policy.ReissuesPerDay)
            return state.Refuse<PackageView>(Fault.TooManyRequests, $"A code can be reissued {ctx.Policy.ReissuesPerDay} times a day per package.");
        var next = (state.Remember(requestId, ctx) with { ReissueDate = today, ReissueCount = reissuedToday + 1 })
            .WithNewCode(ctx, $"support:{agentId}").WithEmail(ctx, EmailKind.CodeReissued);
        return next.Change(next.View(ctx));
    }

    /// <summary>Records once that a delivered package never arrived, and tells the customer's record.</summary>
    public static Decision<Result<PackageView>> ReportMissing(PackageState state, string customerId, DeliveryContext ctx)
    {
        if (state.Registration?.CustomerId != customerId) return state.Refuse<PackageView>(Fault.NotFound, "No such package.");
        if (state.Status != PackageStatus.Delivered) return state.Refuse<PackageView>(Fault.InvalidState, "Only a package marked delivered can be reported missing.");
        if (state.MissingReported) return state.Answer(state.View(ctx));
        var next = (state with { MissingReported = true })
            .Audited(ctx, $"customer:{customerId}", "reported-missing", "recorded")
            .Queued(ctx, id => new OutboxMessage(id, MissingReport: new MissingReport(customerId, ctx.TrackingId, ctx.Now)));
        return next.Change(next.View(ctx));
    }
}
