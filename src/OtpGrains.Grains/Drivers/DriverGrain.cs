using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Drivers;

/// <summary>
/// One driver: their routes, their reliability over the rolling window, and their budgets at the door
/// (<see cref="AttemptBudget"/>), which are the same through every gateway because this activation is
/// the only place that holds them.
/// <para>
/// The budgets add no awaited write to an attempt. <see cref="Reserve"/> only changes memory; the
/// entry's outcome arrives later through the event the package's outbox sends after the package's
/// own write, and a wrong-entry event is not written at once either: it waits for this grain's next
/// write (a reliability event, a route) or, at the latest, a flush <c>DriverBudgetFlushSeconds</c> later.
/// </para>
/// <para>
/// What a silo crash can give back: the reservations in flight (they live only in memory), and the
/// entries settled in the last flush interval before the crash. It cannot give back a window: a
/// reservation whose package did write its verdict is not lost, because that package's outbox still
/// sends the event and it counts on arrival whether or not its reservation is known (after a crash it
/// is not); and settled entries are on disk within one flush interval. So a crash returns at most the
/// units held in the last <c>DriverBudgetFlushSeconds</c>, not the hour. A graceful deactivation
/// (scale-in, shutdown) writes what it holds first.
/// </para>
/// <para>
/// Not reentrant, and it calls no grain except the day's driver index from its own flush, so a package
/// waiting on <see cref="Reserve"/> can never be part of a call cycle.
/// </para>
/// </summary>
public sealed class DriverGrain(
    [PersistentState("driver", OtpStorage.Name)] IPersistentState<DriverLedger> ledger,
    DeliveryPolicy policy,
    DeliveryClock clock,
    DeliveryMetrics metrics) : Grain, IDriverGrain
{
    private readonly BudgetLimits limits = BudgetLimits.From(policy);
    private ImmutableList<Reservation> inFlight = [];
    private IGrainTimer? flushTimer;

    /// <summary>Whether memory holds budget counts storage does not have yet.</summary>
    private bool unwritten;

    public Task Record(DriverEvent driverEvent)
    {
        var recorded = ledger.State.Record(driverEvent, clock.Now, policy);
        if (ReferenceEquals(recorded, ledger.State)) return Task.CompletedTask;
        var (budget, rest) = recorded.Budget.Settle(inFlight, driverEvent, clock.Now, limits);
        inFlight = rest;
        var next = recorded with { Budget = budget };
        if (driverEvent.Kind is DriverEventKind.WrongEntry or DriverEventKind.Locked)
        {
            Hold(next);
            return Task.CompletedTask;
        }

        return Write(next);
    }

    public Task<ReliabilityReport> GetReliability() =>
        Task.FromResult(ledger.State.Report(this.GetPrimaryKeyString(), clock.Now, policy));

    public Task AddRoute(DriverRoute route) =>
        Write(ledger.State.AddRoute(route, DateOnly.FromDateTime(clock.Now.UtcDateTime), policy));

    public Task RemoveRoute(DriverRoute route) => Write(ledger.State.RemoveRoute(route));

    public Task<ImmutableList<DriverRoute>> GetRoutes(DateOnly date) =>
        Task.FromResult(ledger.State.Routes.Where(r => r.Date == date).ToImmutableList());

    public Task<BudgetGrant> Reserve(EntryClaim claim)
    {
        var decision = ledger.State.Budget.Reserve(inFlight, claim, Guid.NewGuid().ToString("N"), clock.Now, limits);
        inFlight = decision.InFlight;
        if (decision.Grant.RefusedBy is { } budget)
        {
            metrics.BudgetRefusal(budget);
            Hold(ledger.State with { Budget = decision.Budget });
        }
        else if (!ReferenceEquals(decision.Budget, ledger.State.Budget))
        {
            // Only old entries were pruned: nothing worth a write.
            ledger.State = ledger.State with { Budget = decision.Budget };
        }

        return Task.FromResult(decision.Grant);
    }

    public Task Release(string reservation)
    {
        inFlight = AttemptBudget.Release(inFlight, reservation);
        return Task.CompletedTask;
    }

    public Task<DriverSignals> GetSignals(DateOnly date) => Task.FromResult(DriverSignals.For(
        this.GetPrimaryKeyString(), date, ledger.State.Days.GetValueOrDefault(date, new DriverDay()), ledger.State.Budget.On(date), policy));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (unwritten) await Flush();
    }

    /// <summary>Keeps <paramref name="next"/> in memory only, to be written with the next write or by the flush timer.</summary>
    private void Hold(DriverLedger next)
    {
        ledger.State = next;
        unwritten = true;
        flushTimer ??= this.RegisterGrainTimer(
            static (grain, _) => grain.Flush(),
            this,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromSeconds(policy.DriverBudgetFlushSeconds), Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

    private Task Flush() => Write(ledger.State);

    /// <summary>
    /// Writes <paramref name="next"/> with whatever memory holds unwritten, first putting the driver in
    /// the activity index of any day that is not there yet (once per driver and day).
    /// </summary>
    private async Task Write(DriverLedger next)
    {
        flushTimer?.Dispose();
        flushTimer = null;
        try
        {
            foreach (var day in next.Budget.Unindexed.ToList())
            {
                await GrainFactory.Reference<IDriverDayGrain>(GrainKeys.Day(day)).Add(this.GetPrimaryKeyString());
                next = next with { Budget = next.Budget.Indexed(day) };
            }

            if (ReferenceEquals(next, ledger.State) && unwritten)
                await ledger.WriteStateAsync();
            else
                await ledger.Commit(next);
            unwritten = false;
        }
        catch when (unwritten)
        {
            // What memory holds is still unwritten: try again one flush interval later.
            Hold(ledger.State);
            throw;
        }
    }
}
