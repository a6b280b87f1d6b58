namespace OtpGrains.Domain.Packages;

/// <summary>Registration and shipping: which packages need a code, and issuing it.</summary>
public static class ShippingRules
{
    public const string PhonePurpose = "phone-last-two";
    private const string FingerprintPurpose = "registration";

    public static ImmutableList<OtpReason> ReasonsFor(RegisterPackage cmd, bool customerFlagged, DeliveryPolicy policy)
    {
        var reasons = ImmutableList.CreateBuilder<OtpReason>();
        var isHighValue = !policy.ValueThresholdsMinor.TryGetValue(cmd.DeclaredValue.Currency, out var threshold)
            || cmd.DeclaredValue.AmountMinor >= threshold;
        if (isHighValue) reasons.Add(OtpReason.HighValue);
        if (policy.OtpCategories.Contains(cmd.Category)) reasons.Add(OtpReason.Category);
        if (customerFlagged) reasons.Add(OtpReason.FlaggedCustomer);
        if (cmd.RequireOtp) reasons.Add(OtpReason.ShipperRequested);
        return reasons.ToImmutable();
    }

    public static Decision<Result<Registered>> Register(PackageState state, RegisterPackage cmd, bool customerFlagged, DeliveryContext ctx)
    {
        // The fallback needs the phone's last two digits; without them registering would throw, not refuse.
        if (cmd.PhoneDigits.Length < 2)
            return state.Refuse<Registered>(Fault.ValidationFailed, "The customer's phone number needs at least two digits.");
        if (state.Registration is { } existing)
        {
            var identical = ctx.Vault.Matches(existing.Fingerprint, FingerprintPurpose, ctx.TrackingId, cmd.Canonical);
            if (!identical)
                return state.Refuse<Registered>(Fault.Conflict, "The package is already registered with different data.");
            if (state.Status != PackageStatus.Registered)
                return state.Refuse<Registered>(Fault.Conflict, "The package has shipped; its registration can no longer change.");
            // The gateway's retry of the request that created the package still answers "created".
            return state.Answer(new Registered(state.View(ctx), Created: cmd.RequestId is { } id && state.RecentRequests.Contains(id)));
        }

        var phone = cmd.PhoneDigits;
        var registration = new Registration(
            cmd.CustomerId,
            cmd.CustomerEmail,
            ctx.Vault.Digest(PhonePurpose, ctx.TrackingId, phone[^2..]),
            cmd.DeclaredValue with { Currency = cmd.DeclaredValue.Currency.ToUpperInvariant() },
            cmd.Category.ToLowerInvariant(),
            cmd.StationId,
            cmd.RequireOtp,
            ctx.Vault.Digest(FingerprintPurpose, ctx.TrackingId, cmd.Canonical),
            ctx.Now);
        var reasons = ReasonsFor(cmd, customerFlagged, ctx.Policy);
        var created = state with { Registration = registration, Status = PackageStatus.Registered, OtpReasons = reasons };
        var next = (cmd.RequestId is { } requestId ? created.Remember(requestId, ctx.Policy) : created)
            .Audited(ctx, "shipper", "registered", reasons.Count > 0 ? $"otp required: {string.Join(", ", reasons)}" : "no otp");
        return next.Change(new Registered(next.View(ctx), Created: true));
    }

    /// <summary>Marks the package shipped and, when a code is needed, issues it and queues the email. A repeat issues nothing.</summary>
    public static Decision<Result<PackageView>> Ship(PackageState state, bool customerFlagged, DeliveryContext ctx)
    {
        if (state.Registration is null)
            return state.Refuse<PackageView>(Fault.NotFound, "No such package.");
        if (state.Status != PackageStatus.Registered)
            return state.Answer(state.View(ctx));

        var next = state;
        if (customerFlagged && !next.OtpReasons.Contains(OtpReason.FlaggedCustomer))
            next = next with { OtpReasons = next.OtpReasons.Add(OtpReason.FlaggedCustomer) };
        next = next.Moved(ctx, "shipper", PackageStatus.Shipped);
        if (next.OtpRequired)
            next = next.WithNewCode(ctx, "shipper").WithEmail(ctx, EmailKind.CodeIssued);
        return next.Change(next.View(ctx));
    }
}
