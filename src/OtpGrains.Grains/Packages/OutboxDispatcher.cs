namespace OtpGrains.Grains.Packages;

/// <summary>Sends outbox messages to the driver, customer and index grains; emails go through the <see cref="Email.EmailCourier"/> instead.</summary>
public sealed class OutboxDispatcher(IGrainFactory grains) : IOutboxDispatcher
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.DriverEvent is { } driverEvent)
            await grains.GetGrain<IDriverGrain>(driverEvent.DriverId).Record(driverEvent);
        if (message.FailureIndex is { } index)
        {
            await grains.GetGrain<IFailedPackagesGrain>(GrainKeys.StationDay(index.StationId, index.Date)).Add(index.TrackingId);
            await grains.GetGrain<IFailedStationsGrain>(GrainKeys.Day(index.Date)).Add(index.StationId);
        }
        if (message.MissingReport is { } report)
            await grains.GetGrain<ICustomerGrain>(report.CustomerId).ReportMissing(report);
    }
}
