using Microsoft.Extensions.Options;
using Orleans.Storage;
using OtpGrains.Domain.Codes;
using OtpGrains.Domain.Stations;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Packages;

/// <summary>
/// One package. Not reentrant on purpose: Orleans runs one call at a time here, and that is what
/// serializes concurrent attempts at the door. Each command loads nothing by hand: it asks the rules,
/// writes the new state (one write), answers, and only then delivers the outbox in a later turn.
/// </summary>
public sealed class PackageGrain(
    [PersistentState("package", OtpStorage.Name)] IPersistentState<PackageState> state,
    DeliveryPolicy policy,
    StationDirectory stations,
    CodeVault vault,
    DeliveryClock clock,
    IOutboxDispatcher dispatcher,
    IOptions<OutboxOptions> outboxOptions,
    DeliveryMetrics metrics,
    ILogger<PackageGrain> logger) : Grain, IPackageGrain, IRemindable
{
    private const string OutboxReminder = "outbox";
    private IGrainTimer? flushTimer;
    private TimeSpan retryDelay = TimeSpan.Zero;

    // Whether the outbox reminder may be registered; looking it up is a storage read, so a clean
    // flush only does it when an earlier failure (or an earlier activation) may have left one.
    private bool reminderMayExist;

    // When this activation first held each pending outbox message, for the outbox lag metric. Kept in
    // memory only: after a crash the new activation measures from its own start.
    private readonly Dictionary<string, long> pendingSince = [];

    private PackageState State => state.State;

    private DeliveryContext Context => new(this.GetPrimaryKeyString(), clock.Now, policy, stations, vault);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.PackageActivated();
        if (!State.Outbox.IsEmpty)
        {
            reminderMayExist = true;
            NotePending();
            ScheduleFlush(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.PackageDeactivated();
        return Task.CompletedTask;
    }

    public async Task<Result<Registered>> Register(RegisterPackage registration)
    {
        var flagged = State.Registration is null && await Customer(registration.CustomerId).IsFlagged();
        return await Apply(ShippingRules.Register(State, registration, flagged, Context));
    }

    public async Task<Result<PackageView>> Ship()
    {
        var flagged = State is { Registration: { } r, Status: PackageStatus.Registered } && await Customer(r.CustomerId).IsFlagged();
        return await Apply(ShippingRules.Ship(State, flagged, Context));
    }

    public async Task<Result<PackageView>> Assign(StopAssignment stop)
    {
        var flagged = State.Registration is { } r && await Customer(r.CustomerId).IsFlagged();
        return await Apply(RouteRules.Assign(State, stop, flagged, Context));
    }

    public Task<Result<PackageView>> Unassign(string stationId, string routeId) => Apply(RouteRules.Unassign(State, stationId, routeId, Context));

    public async Task<DriverReply> Drive(DriverCommand command)
    {
        var decision = DoorstepRules.Handle(State, command, Context);
        var reply = await Apply(decision);
        metrics.DriverCommand(command.Kind, reply, counted: decision.Changed);
        if (reply.Outcome is { } outcome)
            logger.LogInformation("Package {TrackingId}: {Command} by driver {DriverId} -> {Outcome}, {AttemptsLeft} attempts left",
                this.GetPrimaryKeyString(), command.Kind, command.DriverId, outcome, reply.AttemptsLeft);
        return reply;
    }

    public Task<StopView?> GetStop(string driverId) => Task.FromResult(RouteRules.Stop(State, driverId, Context));

    public Task<Result<ReturnScan>> ScanReturn(string stationId) => Apply(ReturnRules.ScanReturn(State, stationId, Context));

    public Task<Result<CustomerPackageView>> GetCustomerView(string customerId) => Task.FromResult(CustomerRules.View(State, customerId, Context));

    public Task<Result<PackageView>> ResendCode(string customerId, bool fresh, string requestId) =>
        Apply(CustomerRules.Resend(State, customerId, fresh, requestId, Context));

    public Task<Result<PackageView>> ReportMissing(string customerId) => Apply(CustomerRules.ReportMissing(State, customerId, Context));

    public Task<Result<SupportPackageView>> GetSupportView() => Task.FromResult(State.Registration is { } r
        ? Result<SupportPackageView>.Ok(new SupportPackageView(State.ToView(this.GetPrimaryKeyString()), r.CustomerId, r.StationId, State.Audit))
        : Result<SupportPackageView>.Refuse(Fault.NotFound, "No such package."));

    public Task<Result<PackageView>> Excuse(string agentId, string note) => Apply(ReturnRules.Excuse(State, agentId, note, Context));

    public Task<Result<PackageView>> ReissueCode(string agentId, string requestId) => Apply(CustomerRules.Reissue(State, agentId, requestId, Context));

    public Task<Result<RedeliveryOutcome>> ScheduleRedelivery(DateOnly failedDate) => Apply(ReturnRules.ScheduleRedelivery(State, failedDate, Context));

    public Task FlushOutbox() => Flush(CancellationToken.None);

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OutboxReminder) return;
        reminderMayExist = true;
        if (State.Outbox.IsEmpty)
        {
            if (await this.GetReminder(OutboxReminder) is { } reminder) await this.UnregisterReminder(reminder);
            reminderMayExist = false;
            return;
        }
        await Flush(CancellationToken.None);
    }

    /// <summary>Persists a decision before its answer leaves the grain.</summary>
    private async Task<T> Apply<T>(Decision<T> decision)
    {
        if (!decision.Changed) return decision.Reply;
        await Persist(decision.State);
        if (!State.Outbox.IsEmpty)
        {
            NotePending();
            ScheduleFlush(TimeSpan.Zero);
        }
        return decision.Reply;
    }

    private async Task Persist(PackageState next)
    {
        try
        {
            await state.Commit(next);
        }
        catch (InconsistentStateException)
        {
            logger.LogWarning("Package {TrackingId}: a newer activation wrote first; this one will reload", this.GetPrimaryKeyString());
            throw;
        }
    }

    private void ScheduleFlush(TimeSpan due)
    {
        flushTimer?.Dispose();
        flushTimer = this.RegisterGrainTimer(
            static (grain, ct) => grain.Flush(ct),
            this,
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    /// <summary>
    /// Delivers outbox messages in order. Each delivered message leaves the outbox in one write at
    /// the end; a failure stops the pass and retries later with backoff, and a reminder makes sure a
    /// crash or deactivation does not strand the rest.
    /// </summary>
    private async Task Flush(CancellationToken cancellationToken)
    {
        var delivered = new HashSet<string>();
        Exception? failure = null;
        foreach (var message in State.Outbox)
        {
            try
            {
                await dispatcher.DeliverAsync(message, Render(message.Email), cancellationToken);
                delivered.Add(message.Id);
                if (pendingSince.Remove(message.Id, out var since)) metrics.OutboxDelivered(clock.Time.GetElapsedTime(since));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
                break;
            }
        }

        if (delivered.Count > 0)
            await Persist(State with { Outbox = State.Outbox.RemoveAll(m => delivered.Contains(m.Id)) });

        if (failure is null)
        {
            retryDelay = TimeSpan.Zero;
            if (State.Outbox.IsEmpty && reminderMayExist)
            {
                if (await this.GetReminder(OutboxReminder) is { } reminder) await this.UnregisterReminder(reminder);
                reminderMayExist = false;
            }
            return;
        }

        metrics.OutboxFailure();
        var options = outboxOptions.Value;
        retryDelay = retryDelay == TimeSpan.Zero ? options.FirstRetry : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, options.MaxRetry.Ticks));
        logger.LogWarning("Package {TrackingId}: {Pending} outbox message(s) not delivered ({Error}); retrying in {Delay}",
            this.GetPrimaryKeyString(), State.Outbox.Count, failure.GetType().Name, retryDelay);
        ScheduleFlush(retryDelay);
        reminderMayExist = true;
        await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private void NotePending()
    {
        var now = clock.Time.GetTimestamp();
        foreach (var message in State.Outbox) pendingSince.TryAdd(message.Id, now);
    }

    /// <summary>The email for a notice, or null when it is not an email or its code was replaced since.</summary>
    private EmailMessage? Render(EmailNotice? notice)
    {
        if (notice is null) return null;
        var trackingId = this.GetPrimaryKeyString();
        var current = State.Code is { } code && code.Generation == notice.CodeGeneration ? vault.Reveal(code, trackingId) : null;
        return notice.Kind switch
        {
            EmailKind.CodeIssued when current is not null => EmailComposer.CodeIssued(notice.To, trackingId, current),
            EmailKind.CodeResent when current is not null => EmailComposer.CodeResent(notice.To, trackingId, current),
            EmailKind.CodeReissued when current is not null => EmailComposer.CodeReissued(notice.To, trackingId, current),
            EmailKind.RedeliveryScheduled => EmailComposer.RedeliveryScheduled(notice.To, trackingId, notice.Date ?? default, current),
            EmailKind.ReturnedToSender => EmailComposer.ReturnedToSender(notice.To, trackingId),
            _ => null,
        };
    }

    private ICustomerGrain Customer(string customerId) => GrainFactory.GetGrain<ICustomerGrain>(customerId);
}
