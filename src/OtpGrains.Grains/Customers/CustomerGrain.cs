using OtpGrains.Domain.Customers;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Grains.Customers;

/// <summary>One customer: missing-delivery reports and the flag that makes their packages need a code.</summary>
public sealed class CustomerGrain(
    [PersistentState("customer", OtpStorage.Name)] IPersistentState<CustomerRecord> record,
    DeliveryPolicy policy,
    DeliveryClock clock) : Grain, ICustomerGrain
{
    public Task ReportMissing(MissingReport report) => record.Commit(record.State.Report(report, policy));

    public Task<bool> IsFlagged() => Task.FromResult(record.State.IsFlagged(clock.Now));
}
