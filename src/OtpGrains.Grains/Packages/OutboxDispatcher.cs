namespace OtpGrains.Grains.Packages;

/// <summary>Sends outbox messages to the driver, customer and index grains; emails go through the <see cref="Email.EmailCourier"/> instead.</summary>
public sealed class OutboxDispatcher(IGrainFactory grains) : IOutboxDispatcher
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.DriverEvent is { } driverEvent)
            await grains.Reference<IDriverGrain>(driverEvent.DriverId).Record(driverEvent);
        if (message.FailureIndex is { } index)
        {
            await grains.Reference<IFailedPackagesGrain>(GrainKeys.StationDay(index.StationId, index.Date)).Add(index.TrackingId);
            await grains.Reference<IFailedStationsGrain>(GrainKeys.Day(index.Date)).Add(index.StationId);
        }
        if (message.MissingReport is { } report)
            await grains.Reference<ICustomerGrain>(report.CustomerId).ReportMissing(report);
    }
}
