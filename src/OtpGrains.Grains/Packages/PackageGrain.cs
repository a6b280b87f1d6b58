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
/// <para>
/// The outbox costs no write of its own. A delivered message is remembered in memory and leaves the
/// stored outbox with the next state write, whatever causes it. Until then a reactivated package
/// delivers it again, which is safe because every receiver deduplicates (driver events by sequence
/// number, index entries and missing reports by package). That also bounds the stored outbox with no
/// clearing write: every write drops all that was delivered before it, so what is stored is only what
/// was still undelivered at the last write plus what that write queued. Emails are the exception: an
/// SMTP relay cannot deduplicate, so a sent email's notice is dropped with a write as soon as the
/// courier reports it sent. A write on deactivation is not needed for any of this, and one would turn
/// every silo shutdown into a burst of writes.
/// </para>
/// </summary>
public sealed class PackageGrain(
    [PersistentState("package", OtpStorage.Name)] IPersistentState<PackageState> state,
    DeliveryPolicy policy,
    StationDirectory stations,
    CodeVault vault,
    DeliveryClock clock,
    IOutboxDispatcher dispatcher,
    EmailCourier courier,
    IOptions<OutboxOptions> outboxOptions,
    DeliveryMetrics metrics,
    ILogger<PackageGrain> logger) : Grain, IPackageGrain, IPackageEmailReceipts, IRemindable
{
    private const string OutboxReminder = "outbox";

    // The three collections below are made on first use and dropped once empty: most activations
    // (a package read or judged at the door, its outbox already delivered) never need them, and with
    // one activation per package they would otherwise be a fifth of the grain's own memory.

    // Outbox messages this activation delivered that the stored state still lists.
    private HashSet<string>? delivered;

    // Emails handed to the courier and not reported back yet, with the means to call them off.
    private Dictionary<string, (EmailNotice Notice, CancellationTokenSource Cancel)>? sending;

    private IGrainTimer? flushTimer;
    private TimeSpan retryDelay = TimeSpan.Zero;

    // Whether the outbox reminder may be registered; looking it up is a storage read, so a clean
    // flush only does it when an earlier failure (or an earlier activation) may have left one.
    private bool reminderMayExist;

    // When this activation first held each pending outbox message, for the outbox lag metric. Kept in
    // memory only: after a crash the new activation measures from its own start.
    private Dictionary<string, long>? pendingSince;

    private PackageState State => state.State;

    private DeliveryContext Context => new(this.GetPrimaryKeyString(), clock.Now, policy, stations, vault);

    private bool HasUndelivered => State.Outbox.Any(m => !IsDelivered(m.Id) && !IsSending(m.Id));

    private bool IsDelivered(string messageId) => delivered?.Contains(messageId) == true;

    private bool IsSending(string messageId) => sending?.ContainsKey(messageId) == true;

    private void MarkDelivered(string messageId) => (delivered ??= []).Add(messageId);

    /// <summary>Removes <paramref name="key"/> from <paramref name="map"/>, and drops the map once it is empty.</summary>
    private static bool Take<T>(ref Dictionary<string, T>? map, string key, out T value)
    {
        value = default!;
        if (map is null || !map.Remove(key, out value!)) return false;
        if (map.Count == 0) map = null;
        return true;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.PackageActivated();
        // A row stored by an older version: brought to today's shape here, written so by the next write.
        state.State = StoredPackage.Upgrade(State, Context);
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

    // Each command asks the customer's record only when the rules say its decision needs the flag (ShippingRules.NeedsCustomerFlag).
    public async Task<Result<Registered>> Register(RegisterPackage registration)
    {
        var flagged = ShippingRules.NeedsCustomerFlag(State, registration) && await CustomerFlagged(registration.CustomerId);
        return await Apply(ShippingRules.Register(State, registration, flagged, Context));
    }

    public async Task<Result<PackageView>> Ship(string? shipperId = null)
    {
        var flagged = ShippingRules.NeedsCustomerFlag(State, shipperId, policy) && await CustomerFlagged(State.Registration!.CustomerId);
        return await Apply(ShippingRules.Ship(State, flagged, Context, shipperId));
    }

    public async Task<Result<PackageView>> Assign(StopAssignment stop)
    {
        var flagged = ShippingRules.NeedsCustomerFlag(State, stop) && await CustomerFlagged(State.Registration!.CustomerId);
        return await Apply(StopRules.Assign(State, stop, flagged, Context));
    }

    public Task<Result<PackageView>> Unassign(string stationId, string routeId) => Apply(StopRules.Unassign(State, stationId, routeId, Context));

    public async Task<DriverReply> HandleDriverCommand(DriverCommand command)
    {
        // One context (one clock reading) for the whole command: the claim and the verdict see the same instant.
        var ctx = Context;
        var (reply, counted) = DoorstepRules.Claim(State, command, ctx) is { } claim
            ? await Enter(command, claim, ctx)
            : await Judge(DoorstepRules.Handle(State, command, ctx));
        metrics.DriverCommand(command.Kind, reply, counted);
        if (reply.Outcome is { } outcome)
            logger.LogDebug("Package {TrackingId}: {Command} by driver {DriverId} -> {Outcome}, {AttemptsLeft} attempts left",
                this.GetPrimaryKeyString(), command.Kind, command.DriverId, outcome, reply.AttemptsLeft);
        return reply;
    }

    /// <summary>
    /// A code or fallback entry: the driver's budgets hold a unit for it first (a call that writes
    /// nothing; the driver grain never calls a package, so this cannot close a call cycle), then the
    /// entry is judged and written as always. A refused entry writes nothing here. The unit is settled
    /// by the outcome event in the outbox, or given back if the write failed.
    /// </summary>
    private async Task<(DriverReply Reply, bool Counted)> Enter(DriverCommand command, EntryClaim claim, DeliveryContext ctx)
    {
        var driver = GrainFactory.Reference<IDriverGrain>(command.DriverId);
        var grant = await driver.Reserve(claim);
        if (!grant.Granted) return (DoorstepRules.OverBudget(State, grant, ctx), false);
        try
        {
            return await Judge(DoorstepRules.Handle(State, command, ctx, grant.Reservation));
        }
        catch (Exception) when (grant.Reservation is { } reservation)
        {
            try
            {
                await driver.Release(reservation);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The unit expires by itself (Policy:DriverReservationSeconds); the write's failure is what the caller must see.
                logger.LogWarning("Package {TrackingId}: could not give a budget unit back to driver {DriverId} ({Error})",
                    this.GetPrimaryKeyString(), command.DriverId, ex.GetType().Name);
            }

            throw;
        }
    }

    /// <summary>Applies a driver command's decision; a replay or a refusal changed nothing and so counted nothing.</summary>
    private async Task<(DriverReply Reply, bool Counted)> Judge(Decision<DriverReply> decision) => (await Apply(decision), decision.Changed);

    public Task<StopView?> GetStop(string driverId) => Task.FromResult(StopRules.Stop(State, driverId, Context));

    public Task<Result<ReturnScan>> ScanReturn(string stationId) => Apply(ReturnRules.ScanReturn(State, stationId, Context));

    public Task<Result<CustomerPackageView>> GetCustomerView(string customerId) => Task.FromResult(CustomerRules.View(State, customerId, Context));

    public Task<Result<PackageView>> ResendCode(string customerId, bool fresh, string requestId) =>
        Counted("package-resends", Apply(CustomerRules.Resend(State, customerId, fresh, requestId, Context)));

    public Task<Result<PackageView>> ReportMissing(string customerId) => Apply(CustomerRules.ReportMissing(State, customerId, Context));

    public Task<Result<SupportPackageView>> GetSupportView() => Task.FromResult(State.Registration is { } r
        ? Result<SupportPackageView>.Ok(new SupportPackageView(State.ToView(this.GetPrimaryKeyString()), r.CustomerId, r.StationId, State.Audit))
        : Result<SupportPackageView>.Refuse(Fault.NotFound, "No such package."));

    public Task<Result<PackageView>> Excuse(string agentId, string note) => Apply(ReturnRules.Excuse(State, agentId, note, Context));

    public Task<Result<PackageView>> ReissueCode(string agentId, string requestId) =>
        Counted("package-reissues", Apply(CustomerRules.Reissue(State, agentId, requestId, Context)));

    public Task<Result<RedeliveryOutcome>> ScheduleRedelivery(DateOnly failedDate) => Apply(ReturnRules.ScheduleRedelivery(State, failedDate, Context));

    async Task IPackageEmailReceipts.EmailSent(string messageId, bool sent)
    {
        if (!Take(ref sending, messageId, out var send)) return;
        // A send this grain called off (its code was replaced) is not a relay failure.
        var calledOff = send.Cancel.IsCancellationRequested;
        send.Cancel.Dispose();
        if (!sent)
        {
            if (!calledOff) metrics.EmailFailed(send.Notice.Kind);
            await RetryLater("the email was not sent");
            return;
        }

        metrics.EmailSent(send.Notice.Kind);
        MarkDelivered(messageId);
        NoteDelivered(messageId);
        await Persist(WithoutDelivered(State));
        await ForgetReminderWhenSettled();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OutboxReminder) return;
        reminderMayExist = true;
        if (HasUndelivered) await Flush(CancellationToken.None);
        else await ForgetReminderWhenSettled();
    }

    /// <summary>Persists a decision before its answer leaves the grain, taking delivered messages out of the outbox on the way.</summary>
    private async Task<T> Apply<T>(Decision<T> decision)
    {
        if (!decision.Changed) return decision.Reply;
        var generation = State.Code?.Generation;
        await Persist(WithoutDelivered(decision.State));
        if (State.Code?.Generation != generation) CallOffStaleEmails();
        if (HasUndelivered)
        {
            NotePending();
            ScheduleFlush(TimeSpan.Zero);
        }
        return decision.Reply;
    }

    private PackageState WithoutDelivered(PackageState next) =>
        delivered is not { Count: > 0 } done ? next : next with { Outbox = next.Outbox.RemoveAll(m => done.Contains(m.Id)) };

    private async Task Persist(PackageState next)
    {
        try
        {
            await state.Commit(next);
            // Every delivered id was in the outbox the next state was made from, so none is left in it.
            delivered = null;
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
    /// Delivers the undelivered outbox messages in order, each acknowledged before the next is sent,
    /// which is what lets the driver grain treat a lower sequence number as a replay. Emails are handed
    /// to the courier and do not hold up the rest. A failure stops the pass and retries later with
    /// backoff, and a reminder makes sure a crash or deactivation does not strand the rest.
    /// </summary>
    private async Task Flush(CancellationToken cancellationToken)
    {
        foreach (var message in State.Outbox)
        {
            if (IsDelivered(message.Id) || IsSending(message.Id)) continue;
            if (message.Email is { } notice)
            {
                if (Render(notice) is { } email) Send(message.Id, notice, email);
                else
                {
                    // Its code was replaced since: there is nothing to send, ever.
                    MarkDelivered(message.Id);
                    Take(ref pendingSince, message.Id, out _);
                }
                continue;
            }

            try
            {
                await dispatcher.DeliverAsync(message, cancellationToken);
                MarkDelivered(message.Id);
                NoteDelivered(message.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await RetryLater(ex.GetType().Name);
                return;
            }
        }

        retryDelay = TimeSpan.Zero;
        await ForgetReminderWhenSettled();
    }

    private void Send(string messageId, EmailNotice notice, EmailMessage email)
    {
        var cancel = new CancellationTokenSource();
        (sending ??= [])[messageId] = (notice, cancel);
        courier.Carry(this.GetPrimaryKeyString(), messageId, email with { MessageId = MessageIdHeader(messageId) }, cancel.Token);
    }

    /// <summary>A new code makes emails about the old one stale: they are called off, and their notices are then dropped unsent.</summary>
    private void CallOffStaleEmails()
    {
        if (sending is null) return;
        foreach (var (notice, cancel) in sending.Values)
        {
            if (notice.CodeGeneration is { } generation && generation != State.Code?.Generation) cancel.Cancel();
        }
    }

    private async Task RetryLater(string error)
    {
        metrics.OutboxFailure();
        var options = outboxOptions.Value;
        retryDelay = retryDelay == TimeSpan.Zero ? options.FirstRetry : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, options.MaxRetry.Ticks));
        logger.LogWarning("Package {TrackingId}: {Pending} outbox message(s) not delivered ({Error}); retrying in {Delay}",
            this.GetPrimaryKeyString(), State.Outbox.Count - (delivered?.Count ?? 0), error, retryDelay);
        ScheduleFlush(retryDelay);
        reminderMayExist = true;
        await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task ForgetReminderWhenSettled()
    {
        if (!reminderMayExist || HasUndelivered || sending is not null) return;
        if (await this.GetReminder(OutboxReminder) is { } reminder) await this.UnregisterReminder(reminder);
        reminderMayExist = false;
    }

    private void NotePending()
    {
        var now = clock.Time.GetTimestamp();
        foreach (var message in State.Outbox) (pendingSince ??= []).TryAdd(message.Id, now);
    }

    private void NoteDelivered(string messageId)
    {
        if (Take(ref pendingSince, messageId, out var since)) metrics.OutboxDelivered(clock.Time.GetElapsedTime(since));
    }

    // Every send of one notice carries the same Message-ID, so a repeat (after a crash) is one message to mail clients.
    private static string MessageIdHeader(string messageId) =>
        $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)))[..32]}@otpgrains";

    /// <summary>The email for a notice, or null when it is not an email or its code was replaced since.</summary>
    private EmailMessage? Render(EmailNotice notice)
    {
        if (State.Registration is not { } registration) return null;
        var trackingId = this.GetPrimaryKeyString();
        var current = State.Code is { } code && code.Generation == notice.CodeGeneration ? vault.Reveal(code, trackingId) : null;
        // Opened for this message only; the address lives in the message handed to the courier, never in state.
        var to = registration.OpenEmail(vault, trackingId);
        return notice.Kind switch
        {
            EmailKind.CodeIssued when current is not null => EmailComposer.CodeIssued(to, trackingId, current),
            EmailKind.CodeResent when current is not null => EmailComposer.CodeResent(to, trackingId, current),
            EmailKind.CodeReissued when current is not null => EmailComposer.CodeReissued(to, trackingId, current),
            EmailKind.RedeliveryScheduled => EmailComposer.RedeliveryScheduled(to, trackingId, notice.Date ?? default, current),
            EmailKind.ReturnedToSender => EmailComposer.ReturnedToSender(to, trackingId),
            _ => null,
        };
    }

    /// <summary>Counts a refusal by the package's daily limit on <paramref name="budget"/> in the metrics.</summary>
    private async Task<Result<T>> Counted<T>(string budget, Task<Result<T>> answer)
    {
        var result = await answer;
        if (result.Fault == Fault.TooManyRequests) metrics.BudgetRefusal(budget);
        return result;
    }

    private Task<bool> CustomerFlagged(string customerId) => GrainFactory.Reference<ICustomerGrain>(customerId).IsFlagged();
}
