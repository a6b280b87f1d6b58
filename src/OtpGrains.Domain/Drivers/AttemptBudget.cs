namespace OtpGrains.Domain.Drivers;

/// <summary>Which of a driver's budgets refused an entry.</summary>
[GenerateSerializer, Alias("otpgrains.DriverBudgetKind")]
public enum DriverBudgetKind
{
    /// <summary>Wrong code entries and fallback entries across all the driver's packages in a rolling hour.</summary>
    HourlyEntries,

    /// <summary>Fallback entries across all the driver's packages in a UTC day.</summary>
    DailyFallbacks,
}

/// <summary>A package asking the driver's budgets for one code or fallback entry before it evaluates it.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.EntryClaim")]
public sealed record EntryClaim(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] bool Fallback);

/// <summary>
/// The driver's answer to an <see cref="EntryClaim"/>: a reservation to name in the entry's outcome event,
/// or the budget that refused it and how long until it frees up.
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.BudgetGrant")]
public sealed record BudgetGrant(
    [property: Id(0)] string? Reservation,
    [property: Id(1)] DriverBudgetKind? RefusedBy = null,
    [property: Id(2)] int RetryAfterSeconds = 0)
{
    public bool Granted => RefusedBy is null;
}

/// <summary>An entry that passed the budgets and is being evaluated by its package. Held in memory only.</summary>
public sealed record Reservation(string Id, string TrackingId, bool Fallback, DateTimeOffset At);

/// <summary>One entry that counts against the rolling hour: a wrong code, or any fallback entry.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.CountedEntry")]
public sealed record CountedEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] bool Fallback);

/// <summary>One UTC day of a driver's entries at the door, for the budgets and for support's signals.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.EntryDay")]
public sealed record EntryDay
{
    /// <summary>Code and fallback entries the packages evaluated (right or wrong).</summary>
    [Id(0)] public int Entries { get; init; }
    [Id(1)] public int WrongEntries { get; init; }
    [Id(2)] public int FallbackEntries { get; init; }

    /// <summary>Packages the driver's wrong entries locked for the day.</summary>
    [Id(3)] public int LockedPackages { get; init; }
    [Id(4)] public int HourlyRefusals { get; init; }
    [Id(5)] public int FallbackRefusals { get; init; }

    /// <summary>Whether the driver is already in that day's activity index (see the driver grain).</summary>
    [Id(6)] public bool Indexed { get; init; }

    public EntryDay Refused(DriverBudgetKind budget) => budget == DriverBudgetKind.HourlyEntries
        ? this with { HourlyRefusals = HourlyRefusals + 1 }
        : this with { FallbackRefusals = FallbackRefusals + 1 };
}

/// <summary>The numbers of the driver budgets, from the policy.</summary>
public sealed record BudgetLimits(int WrongEntriesPerHour, int FallbacksPerDay, TimeSpan ReservationLifetime, int KeptDays)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static BudgetLimits From(DeliveryPolicy policy) =>
        new(policy.DriverWrongEntriesPerHour, policy.DriverFallbacksPerDay, TimeSpan.FromSeconds(policy.DriverReservationSeconds), policy.ReliabilityWindowDays);
}

/// <summary>What a reservation request did to the budget: the new budget and reservations, and the answer.</summary>
public sealed record BudgetDecision(AttemptBudget Budget, ImmutableList<Reservation> InFlight, BudgetGrant Grant);

/// <summary>
/// A driver's budgets at the door, across all of their packages: wrong code and fallback entries in a
/// rolling hour, fallback entries per UTC day, and the refusals. A package asks for one unit before it
/// evaluates an entry (<see cref="Reserve"/>); the reservation lives in the driver grain's memory and is
/// settled by the event the package's outbox sends once its verdict is durable (<see cref="Settle"/>):
/// a wrong entry or a fallback becomes a counted entry, a right code gives the unit back. In-flight
/// reservations count against the budget, so parallel entries on many packages cannot overshoot it.
/// Only what this record holds is stored; the reservations are not (see the driver grain for why a
/// crash can only give back what was in flight).
/// </summary>
[GenerateSerializer, Immutable, Alias("otpgrains.AttemptBudget")]
public sealed record AttemptBudget
{
    /// <summary>Counted entries of the last hour, oldest first; never more than the hourly budget plus what was in flight.</summary>
    [Id(0)] public ImmutableList<CountedEntry> LastHour { get; init; } = [];

    [Id(1)] public ImmutableSortedDictionary<DateOnly, EntryDay> Days { get; init; } = ImmutableSortedDictionary<DateOnly, EntryDay>.Empty;

    /// <summary>Grants the claim a reservation, or refuses it (and counts the refusal) when a budget is spent.</summary>
    public BudgetDecision Reserve(ImmutableList<Reservation> inFlight, EntryClaim claim, string reservationId, DateTimeOffset now, BudgetLimits limits)
    {
        var live = inFlight.RemoveAll(r => r.At <= now - limits.ReservationLifetime);
        var budget = Pruned(now, limits);
        var today = Day(now);

        if (claim.Fallback)
        {
            var fallbacksToday = budget.Days.GetValueOrDefault(today, new EntryDay()).FallbackEntries + live.Count(r => r.Fallback);
            if (fallbacksToday >= limits.FallbacksPerDay)
                return budget.Refuse(live, DriverBudgetKind.DailyFallbacks, Seconds(now.Date.AddDays(1) - now.UtcDateTime), now);
        }

        // Every unit the hour holds: counted entries and in-flight reservations, each as if it will count.
        var held = budget.LastHour.Select(e => e.At).Concat(live.Select(r => r.At)).Order().ToList();
        if (held.Count >= limits.WrongEntriesPerHour)
        {
            // The hour frees a unit when enough of the oldest held units age out of it.
            var freesAt = held[held.Count - limits.WrongEntriesPerHour] + BudgetLimits.Window;
            return budget.Refuse(live, DriverBudgetKind.HourlyEntries, Seconds(freesAt - now), now);
        }

        var reservation = new Reservation(reservationId, claim.TrackingId, claim.Fallback, now);
        return new BudgetDecision(budget, live.Add(reservation), new BudgetGrant(reservationId));
    }

    /// <summary>
    /// Settles an entry's outcome: <paramref name="e"/> is a driver event the package sent after its
    /// verdict was durable. Wrong entries and fallbacks count (whether or not their reservation is still
    /// known: after a restart it is not, and the entry must count all the same); a right code only
    /// gives its reservation back. Events with nothing to do with entries change nothing.
    /// </summary>
    public (AttemptBudget Budget, ImmutableList<Reservation> InFlight) Settle(ImmutableList<Reservation> inFlight, DriverEvent e, DateTimeOffset now, BudgetLimits limits)
    {
        var wrong = e.Kind is DriverEventKind.WrongEntry or DriverEventKind.Locked;
        var entry = wrong || (e.Kind == DriverEventKind.Delivered && e.Reservation is not null);
        if (!entry) return (this, inFlight);

        var reservation = inFlight.FirstOrDefault(r => r.Id == e.Reservation);
        var rest = reservation is null ? inFlight : inFlight.Remove(reservation);
        var at = reservation?.At ?? e.At;
        var budget = Pruned(now, limits);
        var day = Day(at);
        if (day < Day(now).AddDays(1 - limits.KeptDays)) return (budget, rest);

        var counts = wrong || e.ViaFallback;
        var lastHour = counts && at > now - BudgetLimits.Window
            ? budget.LastHour.Add(new CountedEntry(at, e.ViaFallback)).Sort((a, b) => a.At.CompareTo(b.At))
            : budget.LastHour;
        var before = budget.Days.GetValueOrDefault(day, new EntryDay());
        var after = before with
        {
            Entries = before.Entries + 1,
            WrongEntries = before.WrongEntries + (wrong ? 1 : 0),
            FallbackEntries = before.FallbackEntries + (e.ViaFallback ? 1 : 0),
            LockedPackages = before.LockedPackages + (e.Kind == DriverEventKind.Locked ? 1 : 0),
        };
        return (budget with { LastHour = lastHour, Days = budget.Days.SetItem(day, after) }, rest);
    }

    /// <summary>Gives a reservation back: its package could not make its verdict durable.</summary>
    public static ImmutableList<Reservation> Release(ImmutableList<Reservation> inFlight, string reservationId) =>
        inFlight.RemoveAll(r => r.Id == reservationId);

    /// <summary>The day's activity was put in the day's index.</summary>
    public AttemptBudget Indexed(DateOnly date) =>
        Days.TryGetValue(date, out var day) ? this with { Days = Days.SetItem(date, day with { Indexed = true }) } : this;

    /// <summary>Days with activity that are not yet in their day's index.</summary>
    [JsonIgnore] public IEnumerable<DateOnly> Unindexed => Days.Where(d => !d.Value.Indexed).Select(d => d.Key);

    public EntryDay On(DateOnly date) => Days.GetValueOrDefault(date, new EntryDay());

    private BudgetDecision Refuse(ImmutableList<Reservation> inFlight, DriverBudgetKind budget, int retryAfterSeconds, DateTimeOffset now)
    {
        var today = Day(now);
        var next = this with { Days = Days.SetItem(today, On(today).Refused(budget)) };
        return new BudgetDecision(next, inFlight, new BudgetGrant(null, budget, retryAfterSeconds));
    }

    /// <summary>Drops counted entries older than the hour and days older than the kept window; the same instance when nothing is old.</summary>
    private AttemptBudget Pruned(DateTimeOffset now, BudgetLimits limits)
    {
        var firstKept = Day(now).AddDays(1 - limits.KeptDays);
        var oldEntries = LastHour.Count(e => e.At <= now - BudgetLimits.Window);
        var oldDays = Days.Keys.Where(d => d < firstKept).ToList();
        if (oldEntries == 0 && oldDays.Count == 0) return this;
        return this with { LastHour = LastHour.RemoveRange(0, oldEntries), Days = Days.RemoveRange(oldDays) };
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
}
