using OtpGrains.Domain.Drivers;

namespace OtpGrains.Domain.Packages;

/// <summary>After a failed day: the return scan, support's excuse, and the morning redelivery.</summary>
public static class ReturnRules
{
    public static Decision<Result<ReturnScan>> ScanReturn(PackageState state, string stationId, DeliveryContext ctx)
    {
        if (state.Registration?.StationId != stationId || state.FailedDays.IsEmpty)
            return state.Refuse<ReturnScan>(Fault.NotFound, $"No package {ctx.TrackingId} is due back at station {stationId}.");
        var last = state.FailedDays[^1];
        if (state.Status != PackageStatus.AwaitingReturn)
        {
            return last.ReturnedOnTime is { } onTime && state.Status is PackageStatus.ReturnedToStation or PackageStatus.ScheduledForRedelivery or PackageStatus.ReturnToSender
                ? state.Answer(new ReturnScan(ctx.TrackingId, state.Status, onTime))
                : state.Refuse<ReturnScan>(Fault.InvalidState, $"The package is {state.Status}, not awaiting return.");
        }

        var returned = last with { ReturnedAt = ctx.Now };
        var actor = $"station:{stationId}";
        var next = (state with { FailedDays = state.FailedDays.SetItem(state.FailedDays.Count - 1, returned) })
            .Moved(ctx, actor, PackageStatus.ReturnedToStation);
        if (returned.ReturnedOnTime == false)
            next = next.WithDriverEvent(ctx, last.DriverId, DriverEventKind.LateReturn).Audited(ctx, actor, "return", "late");
        return next.Change(new ReturnScan(ctx.TrackingId, next.Status, returned.ReturnedOnTime == true));
    }

    /// <summary>Excuses the last failed day for its driver, within the excuse window, once.</summary>
    public static Decision<Result<PackageView>> Excuse(PackageState state, string agentId, string note, DeliveryContext ctx)
    {
        if (state.Registration is null) return state.Refuse<PackageView>(Fault.NotFound, "No such package.");
        if (note.Length > AuditEntry.MaxNoteLength)
            return state.Refuse<PackageView>(Fault.ValidationFailed, $"A note is at most {AuditEntry.MaxNoteLength} characters.");
        if (state.FailedDays.IsEmpty)
            return state.Refuse<PackageView>(Fault.InvalidState, "No delivery day of this package failed.");
        var last = state.FailedDays[^1];
        if (last.Excused) return state.Answer(state.View(ctx));
        if (ctx.Now - last.At > TimeSpan.FromDays(ctx.Policy.ExcuseWindowDays))
            return state.Refuse<PackageView>(Fault.InvalidState, $"Failures can be excused for {ctx.Policy.ExcuseWindowDays} days only.");

        var next = (state with { FailedDays = state.FailedDays.SetItem(state.FailedDays.Count - 1, last with { Excused = true }) })
            .WithDriverEvent(ctx, last.DriverId, DriverEventKind.Excused, excuses: last.FailureEventId, countsOn: DateOnly.FromDateTime(last.At.UtcDateTime))
            .Audited(ctx, $"support:{agentId}", "excused", note);
        return next.Change(next.View(ctx));
    }

    /// <summary>
    /// The morning job's step for one package that failed on <paramref name="failedDate"/>: back to the
    /// shipper after the last allowed failed day, else scheduled for the station's next working day with
    /// a new code when the day ended locked. A second run finds the day handled and changes nothing.
    /// </summary>
    public static Decision<Result<RedeliveryOutcome>> ScheduleRedelivery(PackageState state, DateOnly failedDate, DeliveryContext ctx)
    {
        var index = state.FailedDays.FindLastIndex(f => f.Date == failedDate);
        if (index < 0)
            return state.Refuse<RedeliveryOutcome>(Fault.NotFound, $"The package did not fail on {IsoDate.Format(failedDate)}.");
        var failed = state.FailedDays[index];
        if (failed.RedeliveryDone || index != state.FailedDays.Count - 1)
            return state.Answer(RedeliveryOutcome.AlreadyHandled);
        if (state.Status == PackageStatus.AwaitingReturn)
            return state.Answer(RedeliveryOutcome.NotReturned);
        if (state.Status != PackageStatus.ReturnedToStation)
            return state.Answer(RedeliveryOutcome.AlreadyHandled);

        const string actor = "redelivery-job";
        var next = state with { FailedDays = state.FailedDays.SetItem(index, failed with { RedeliveryDone = true }) };
        if (state.FailedDays.Count >= ctx.Policy.MaxFailedDays)
        {
            next = next.Moved(ctx, actor, PackageStatus.ReturnToSender).WithEmail(ctx, EmailKind.ReturnedToSender, withCode: false);
            return next.Change(RedeliveryOutcome.ReturnedToSender);
        }

        var station = ctx.StationOf(state);
        var today = station.LocalDate(ctx.Now);
        // Normally the next working day after the failure; a job that runs late never schedules into the past.
        var date = station.NextWorkingDay(failedDate);
        if (date < today) date = station.NextWorkingDay(today.AddDays(-1));
        next = (next with { RedeliveryDate = date }).Moved(ctx, actor, PackageStatus.ScheduledForRedelivery).Audited(ctx, actor, "redelivery", IsoDate.Format(date));
        var newCode = failed.EndedLocked && state.OtpRequired;
        if (newCode) next = next.WithNewCode(ctx, actor);
        next = next.WithEmail(ctx, EmailKind.RedeliveryScheduled, date, withCode: newCode);
        return next.Change(newCode ? RedeliveryOutcome.ScheduledWithNewCode : RedeliveryOutcome.Scheduled);
    }
}
