using Orleans.Runtime;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Grains;

/// <summary>
/// A day's driver index takes every driver of the day, often at once: adds that arrive while a write is
/// in flight share the next write, each is answered only once its member is stored, and a failed write
/// stores nothing and answers its adds with the failure.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IndexGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(200);

    // Each test its own day key, so no test sees another's drivers.
    private static IDriverDayGrain NewDay(ClusterFixture fixture) =>
        fixture.Grains.GetGrain<IDriverDayGrain>(Deliveries.NewId("day"));

    [Fact]
    public async Task Drivers_added_at_once_share_a_few_writes_and_all_are_stored()
    {
        var day = NewDay(fixture);
        fixture.Storage!.SlowWrites(day.GetGrainId(), SlowWrite);
        var drivers = Enumerable.Range(0, 200).Select(i => $"D-{i:000}").ToList();

        // 200 adds in parallel, plus each driver a second time (a retried flush): one answer per call.
        await Task.WhenAll(drivers.Concat(drivers).AsParallel().Select(day.Add));

        var writes = fixture.Storage.WritesOf(day.GetGrainId());
        Assert.InRange(writes, 1, 4);
        Assert.Equal(drivers, await day.GetDrivers());
        await fixture.DeactivateEverything();
        Assert.Equal(drivers, await day.GetDrivers());

        // Already stored: adding again writes nothing.
        await day.Add("D-007");
        Assert.Equal(writes, fixture.Storage.WritesOf(day.GetGrainId()));
    }

    [Fact]
    public async Task An_add_is_answered_only_once_its_write_is_stored_and_reads_show_only_stored_drivers()
    {
        var day = NewDay(fixture);
        await day.Add("D-first");
        fixture.Storage!.SlowWrites(day.GetGrainId(), SlowWrite);

        var adding = day.Add("D-second");
        var again = day.Add("D-second");
        await Task.Delay(SlowWrite / 4);
        Assert.False(adding.IsCompleted);
        Assert.False(again.IsCompleted);
        Assert.Equal(["D-first"], await day.GetDrivers());

        await Task.WhenAll(adding, again);
        Assert.Equal(2, fixture.Storage.WritesOf(day.GetGrainId()));
        Assert.Equal(["D-first", "D-second"], await day.GetDrivers());
    }

    [Fact]
    public async Task A_failed_write_fails_its_adds_stores_nothing_and_a_retry_stores_them()
    {
        var day = NewDay(fixture);
        await day.Add("D-first");
        fixture.Storage!.SlowWrites(day.GetGrainId(), SlowWrite);
        Task[] adds;
        fixture.Storage.FailWrites = true;
        try
        {
            adds = [day.Add("D-a"), day.Add("D-b")];
            foreach (var add in adds) await Assert.ThrowsAnyAsync<Exception>(() => add);
        }
        finally
        {
            fixture.Storage.FailWrites = false;
        }

        Assert.Equal(["D-first"], await day.GetDrivers());
        await Task.WhenAll(day.Add("D-a"), day.Add("D-b"));
        await fixture.DeactivateEverything();
        Assert.Equal(["D-a", "D-b", "D-first"], await day.GetDrivers());
    }
}
