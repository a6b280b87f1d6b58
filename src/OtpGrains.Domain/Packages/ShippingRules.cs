namespace OtpGrains.Domain.Packages;

/// <summary>Registration and shipping: which packages need a code, and issuing it.</summary>
public static class ShippingRules
{
    public const string PhonePurpose = "phone-last-two";
    private const string FingerprintPurpose = "registration";

    /// <summary>The one answer for a package that does not exist and for one another shipper owns.</summary>
    public const string NotFound = "No such package.";

    /// <summary>
    /// Whether <paramref name="shipper"/> may register (again) or ship the package: it registered it,
    /// or the package predates ownership and the policy names it as the owner of those. A null caller
    /// is one inside the cluster (tools, tests); the gateway always names the shipper.
    /// </summary>
    public static bool Owns(PackageState state, string? shipper, DeliveryPolicy policy) =>
        shipper is null || state.Registration is not { } registration
        || string.Equals(registration.Shipper ?? policy.LegacyPackageOwner, shipper, StringComparison.Ordinal);

    /// <summary>
    /// Whether a registration must ask the customer's record for its flag before it is decided: only a
    /// first one does, for its reasons for a code. A repeated registration is answered from the package.
    /// </summary>
    /// <remarks>
    /// One rule for every command that reads the flag (here, <see cref="NeedsCustomerFlag(PackageState, string?, DeliveryPolicy)"/>
    /// and <see cref="NeedsCustomerFlag(PackageState, StopAssignment)"/>): ask only when the package does
    /// not know the customer is flagged yet (<see cref="PackageState.CustomerFlagged"/>) and only for a
    /// command that will record the answer; every other call (a repeat, another shipper's or station's
    /// call, one that will be refused) never reaches the customer's record.
    /// </remarks>
    public static bool NeedsCustomerFlag(PackageState state, RegisterPackage registration) =>
        !state.CustomerFlagged && state.Registration is null;

    /// <summary>Whether shipping must ask for the customer's flag: only the owner's ship of a registered package, which settles its reasons for a code.</summary>
    public static bool NeedsCustomerFlag(PackageState state, string? shipper, DeliveryPolicy policy) =>
        !state.CustomerFlagged && state is { Registration: not null, Status: PackageStatus.Registered } && Owns(state, shipper, policy);

    /// <summary>Whether putting the package on a route must ask for the customer's flag: only when the stop starts a delivery day, whose fallback it decides.</summary>
    public static bool NeedsCustomerFlag(PackageState state, StopAssignment stop) =>
        !state.CustomerFlagged && state.Registration?.StationId == stop.StationId && StopRules.CanGoOut(state, stop.Date);

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
            // Before anything is compared, so another shipper learns nothing about this package's data.
            if (!Owns(state, cmd.Shipper, ctx.Policy)) return state.Refuse<Registered>(Fault.NotFound, NotFound);
            var identical = ctx.Vault.Matches(existing.Fingerprint, FingerprintPurpose, ctx.TrackingId, cmd.Canonical);
            if (!identical)
                return state.Refuse<Registered>(Fault.Conflict, "The package is already registered with different data.");
            if (state.Status != PackageStatus.Registered)
                return state.Refuse<Registered>(Fault.Conflict, "The package has shipped; its registration can no longer change.");
            // The gateway's retry of the request that created the package still answers "created".
            return state.Answer(new Registered(state.View(ctx), Created: cmd.RequestId is { } id && state.Requests.ContainsKey(id)));
        }

        var phone = cmd.PhoneDigits;
        var registration = new Registration(
            cmd.CustomerId,
            ctx.Vault.Seal(Registration.EmailPurpose, ctx.TrackingId, cmd.CustomerEmail),
            ctx.Vault.Digest(PhonePurpose, ctx.TrackingId, phone[^2..]),
            cmd.DeclaredValue with { Currency = cmd.DeclaredValue.Currency.ToUpperInvariant() },
            cmd.Category.ToLowerInvariant(),
            cmd.StationId,
            cmd.RequireOtp,
            ctx.Vault.Digest(FingerprintPurpose, ctx.TrackingId, cmd.Canonical),
            ctx.Now,
            cmd.Shipper);
        var reasons = ReasonsFor(cmd, customerFlagged, ctx.Policy);
        var created = state.WithCustomerFlag(customerFlagged) with { Registration = registration, Status = PackageStatus.Registered, OtpReasons = reasons };
        var next = (cmd.RequestId is { } requestId ? created.Remember(requestId, ctx) : created)
            .Audited(ctx, "shipper", "registered", reasons.Count > 0 ? $"otp required: {string.Join(", ", reasons)}" : "no otp");
        return next.Change(new Registered(next.View(ctx), Created: true));
    }

    /// <summary>
    /// A package stored before addresses were sealed, with its plain address sealed in memory; whatever
    /// the package writes next stores it so. Any other state is returned as it is.
    /// </summary>
    public static PackageState SealStoredEmail(PackageState state, DeliveryContext ctx) =>
        state.Registration is { PlainEmail: { } plain } registration
            ? state with { Registration = registration with { SealedEmail = ctx.Vault.Seal(Registration.EmailPurpose, ctx.TrackingId, plain), PlainEmail = null } }
            : state;

    /// <summary>Marks the package shipped and, when a code is needed, issues it and queues the email. A repeat issues nothing.</summary>
    public static Decision<Result<PackageView>> Ship(PackageState state, bool customerFlagged, DeliveryContext ctx, string? shipper = null)
    {
        if (state.Registration is null || !Owns(state, shipper, ctx.Policy))
            return state.Refuse<PackageView>(Fault.NotFound, NotFound);
        if (state.Status != PackageStatus.Registered)
            return state.Answer(state.View(ctx));

        var next = state.WithCustomerFlag(customerFlagged);
        if (next.CustomerFlagged && !next.OtpReasons.Contains(OtpReason.FlaggedCustomer))
            next = next with { OtpReasons = next.OtpReasons.Add(OtpReason.FlaggedCustomer) };
        next = next.Moved(ctx, "shipper", PackageStatus.Shipped);
        if (next.OtpRequired)
            next = next.WithNewCode(ctx, "shipper").WithEmail(ctx, EmailKind.CodeIssued);
        return next.Change(next.View(ctx));
    }
}
