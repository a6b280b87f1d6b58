using Orleans.Runtime;
using Orleans.Runtime.Placement;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>
/// Packages placed on chosen silos (the first call activates a grain where the placement hint says),
/// for tests that take a silo away and check what its packages kept.
/// </summary>
public static class PinnedPackages
{
    /// <summary>
    /// Registers and ships <paramref name="count"/> packages, alternating <paramref name="silos"/> so
    /// each hosts some, and routes them all to one fresh driver on <paramref name="day"/>, 13:00-20:00.
    /// </summary>
    public static async Task<(string Driver, (string TrackingId, string Customer, string Wrong)[] Packages)> OutForDeliveryAsync(
        IClusterClient grains, IReadOnlyList<SiloAddress> silos, int count, DateOnly day)
    {
        var deliveries = new Deliveries(grains);
        var driver = Deliveries.NewId("D");
        var packages = new (string TrackingId, string Customer, string Wrong)[count];
        for (var i = 0; i < count; i++)
        {
            var customer = Deliveries.NewId("C");
            var trackingId = Deliveries.NewId("PKG");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[i % silos.Count]);
            try
            {
                Assert.True((await deliveries.Package(trackingId).Register(Deliveries.Laptop(customer))).IsOk);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            Assert.True((await deliveries.Package(trackingId).Ship()).IsOk);
            packages[i] = (trackingId, customer, Deliveries.WrongCode(await deliveries.Code(trackingId, customer)));
        }

        var route = grains.GetGrain<IRouteGrain>(GrainKeys.Route(Deliveries.Station, Deliveries.NewId("R")));
        var built = await route.Build(new BuildRoute(driver, day, new TimeOnly(13, 0), new TimeOnly(20, 0), [.. packages.Select(p => p.TrackingId)]));
        Assert.True(built.IsOk, built.Detail);
        return (driver, packages);
    }

    /// <summary>
    /// Spends 0, 1, 2 or 3 attempts (by position) on each package with its wrong code; returns every
    /// acknowledged key and reply by tracking id.
    /// </summary>
    public static async Task<Dictionary<string, List<(string Key, DriverReply Reply)>>> SpendAttemptsAsync(
        IGrainFactory grains, string driver, IReadOnlyList<(string TrackingId, string Customer, string Wrong)> packages)
    {
        var acknowledged = new Dictionary<string, List<(string Key, DriverReply Reply)>>();
        for (var p = 0; p < packages.Count; p++)
        {
            var (trackingId, _, wrong) = packages[p];
            acknowledged[trackingId] = [];
            for (var a = 0; a < p % 4; a++)
            {
                var key = $"{trackingId}/attempt-{a}";
                var reply = await grains.GetGrain<IPackageGrain>(trackingId).HandleDriverCommand(Deliveries.Entry(driver, wrong, key));
                Assert.NotNull(reply.Outcome);
                acknowledged[trackingId].Add((key, reply));
            }
        }

        return acknowledged;
    }

    /// <summary>
    /// Where each package is active now; the silo of <paramref name="silos"/> hosting the most of them
    /// is the one a test takes away, with the packages it hosts.
    /// </summary>
    public static async Task<(SiloAddress Address, string[] Packages)> BusiestSiloAsync(
        IClusterClient grains, IEnumerable<SiloAddress> silos, IEnumerable<string> trackingIds)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var placement = new Dictionary<string, SiloAddress?>();
        foreach (var trackingId in trackingIds) placement[trackingId] = await management.GetActivationAddress(grains.GetGrain<IPackageGrain>(trackingId));
        var busiest = silos.MaxBy(h => placement.Values.Count(v => v == h))!;
        return (busiest, [.. placement.Where(p => p.Value == busiest).Select(p => p.Key)]);
    }
}
