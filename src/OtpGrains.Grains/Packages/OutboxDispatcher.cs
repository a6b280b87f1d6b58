using OtpGrains.Grains.Email;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Packages;

/// <summary>Sends outbox messages to the driver, customer and index grains, and emails through the configured sender.</summary>
public sealed class OutboxDispatcher(IGrainFactory grains, IEmailSender email, DeliveryMetrics metrics) : IOutboxDispatcher
{
    public async Task DeliverAsync(OutboxMessage message, EmailMessage? rendered, CancellationToken cancellationToken)
    {
        if (message.DriverEvent is { } driverEvent)
            await grains.GetGrain<IDriverGrain>(driverEvent.DriverId).Record(driverEvent);
        if (message.FailureIndex is { } index)
        {
            await grains.GetGrain<IStationDayGrain>(GrainKeys.StationDay(index.StationId, index.Date)).Add(index.TrackingId);
            await grains.GetGrain<IFailureDayGrain>(GrainKeys.Day(index.Date)).Add(index.StationId);
        }
        if (message.MissingReport is { } report)
            await grains.GetGrain<ICustomerGrain>(report.CustomerId).ReportMissing(report);
        if (rendered is not null && message.Email is { } notice)
        {
            try
            {
                await email.SendAsync(rendered, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.EmailFailed(notice.Kind);
                throw;
            }
            metrics.EmailSent(notice.Kind);
        }
    }
}
