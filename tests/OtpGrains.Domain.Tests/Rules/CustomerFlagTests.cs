using OtpGrains.Domain.Customers;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Rules;

public sealed class CustomerFlagTests
{
    private static readonly DeliveryPolicy Policy = new();
    private static readonly DateTimeOffset Start = TestClock.Noon;

    private static MissingReport Missing(string trackingId, DateTimeOffset at) => new("C-1", trackingId, at);

    [Fact]
    public void One_report_does_not_flag_the_customer()
    {
        var record = new CustomerRecord().Report(Missing("P-1", Start), Policy);

        Assert.False(record.IsFlagged(Start));
    }

    [Fact]
    public void Two_reports_within_ninety_days_flag_the_customer_for_180_days()
    {
        var second = Start.AddDays(90);

        var record = new CustomerRecord().Report(Missing("P-1", Start), Policy).Report(Missing("P-2", second), Policy);

        Assert.True(record.IsFlagged(second));
        Assert.True(record.IsFlagged(second.AddDays(180).AddMinutes(-1)));
        Assert.Equal(second.AddDays(180), record.FlaggedUntil);
    }

    [Fact]
    public void Flag_expires_after_180_days()
    {
        var record = new CustomerRecord().Report(Missing("P-1", Start), Policy).Report(Missing("P-2", Start.AddDays(1)), Policy);

        Assert.False(record.IsFlagged(Start.AddDays(181)));
    }

    [Fact]
    public void Reports_91_days_apart_do_not_flag()
    {
        var record = new CustomerRecord().Report(Missing("P-1", Start), Policy).Report(Missing("P-2", Start.AddDays(91)), Policy);

        Assert.False(record.IsFlagged(Start.AddDays(91)));
        Assert.Null(record.FlaggedUntil);
    }

    [Fact]
    public void Same_package_reported_twice_counts_once()
    {
        var first = new CustomerRecord().Report(Missing("P-1", Start), Policy);

        var again = first.Report(Missing("P-1", Start.AddDays(1)), Policy);

        Assert.Same(first, again);
        Assert.False(again.IsFlagged(Start.AddDays(1)));
    }

    [Fact]
    public void Flag_is_extended_by_a_later_tipping_report_and_never_shortened()
    {
        var record = new CustomerRecord()
            .Report(Missing("P-1", Start), Policy)
            .Report(Missing("P-2", Start.AddDays(10)), Policy)
            .Report(Missing("P-3", Start.AddDays(50)), Policy);

        Assert.Equal(Start.AddDays(230), record.FlaggedUntil);
    }
}
