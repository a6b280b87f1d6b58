using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class ReturnScanTests
{
    private static readonly DateOnly Saturday = new(2026, 11, 28);

    private static PackageScenario Failed(string station = Station)
    {
        var scenario = OtpOutForDelivery(station);
        scenario.MarkUndeliverable(UndeliverableReason.CustomerUnavailable, "u1");
        return scenario;
    }

    private static Decision<Result<ReturnScan>> Scan(PackageScenario scenario, string station)
    {
        var decision = ReturnRules.ScanReturn(scenario.State, station, scenario.Ctx);
        scenario.State = decision.State;
        return decision;
    }

    [Theory]
    [InlineData(9, 59)]
    [InlineData(10, 0)]
    public void Scan_by_ten_the_next_morning_is_on_time(int hour, int minute)
    {
        var scenario = Failed();
        scenario.Now = LocalInstant(Station, Saturday, hour, minute);

        var scan = Scan(scenario, Station).Reply.Value!;

        Assert.True(scan.OnTime);
        Assert.Equal(PackageStatus.ReturnedToStation, scan.Status);
        Assert.DoesNotContain(scenario.DriverEvents, e => e.Kind == DriverEventKind.LateReturn);
    }

    [Fact]
    public void Scan_after_ten_the_next_morning_is_late_and_goes_on_the_drivers_record()
    {
        var scenario = Failed();
        scenario.Now = LocalInstant(Station, Saturday, 10, 1);

        var scan = Scan(scenario, Station).Reply.Value!;

        Assert.False(scan.OnTime);
        Assert.Equal(PackageStatus.ReturnedToStation, scenario.State.Status);
        var late = Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.LateReturn);
        Assert.Equal(Driver, late.DriverId);
    }

    [Fact]
    public void Lateness_is_judged_by_station_local_time()
    {
        // 05:00 UTC is 10:30 in Kolkata: late, though it is well before 10:00 UTC.
        var scenario = Failed(Kolkata);
        scenario.Now = new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

        Assert.False(Scan(scenario, Kolkata).Reply.Value!.OnTime);
    }

    [Fact]
    public void Scan_at_another_station_is_not_found()
    {
        var scenario = Failed();
        var before = scenario.State;

        var decision = Scan(scenario, "OTHER1");

        Assert.Equal(Fault.NotFound, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void Scan_of_a_package_that_never_failed_is_not_found()
    {
        var scenario = OtpOutForDelivery();

        Assert.Equal(Fault.NotFound, Scan(scenario, Station).Reply.Fault);
    }

    [Fact]
    public void Repeated_scan_gives_the_same_answer_and_changes_nothing()
    {
        var scenario = Failed();
        scenario.Now = LocalInstant(Station, Saturday, 11, 0);
        var first = Scan(scenario, Station);
        var afterFirst = scenario.State;
        scenario.Now = scenario.Now.AddHours(1);

        var second = Scan(scenario, Station);

        Assert.Equal(first.Reply.Value, second.Reply.Value);
        Assert.False(second.Changed);
        Assert.Same(afterFirst, second.State);
        Assert.Single(scenario.DriverEvents, e => e.Kind == DriverEventKind.LateReturn);
    }
}
