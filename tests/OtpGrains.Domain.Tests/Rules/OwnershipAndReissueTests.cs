using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Rules;

/// <summary>A package belongs to the shipper that registered it; support reissues its code a few times a day at most.</summary>
public sealed class OwnershipAndReissueTests
{
    private static RegisterPackage By(string shipper, RegisterPackage order) => order with { Shipper = shipper };

    [Fact]
    public void Another_shipper_gets_not_found_on_register_and_ship_whatever_the_data()
    {
        var package = new PackageScenario().Register(By("SH-1", PackageScenario.Order(requireOtp: true)));

        var same = ShippingRules.Register(package.State, By("SH-2", PackageScenario.Order(requireOtp: true)), false, package.Ctx);
        var different = ShippingRules.Register(package.State, By("SH-2", PackageScenario.Order(amountMinor: 1)), false, package.Ctx);
        var ship = ShippingRules.Ship(package.State, false, package.Ctx, "SH-2");

        Assert.All(new[] { same.Reply.Fault, different.Reply.Fault, ship.Reply.Fault }, f => Assert.Equal(Fault.NotFound, f));
        Assert.All(new[] { same.Reply.Detail, different.Reply.Detail, ship.Reply.Detail }, d => Assert.Equal(ShippingRules.NotFound, d));
        Assert.False(same.Changed || different.Changed || ship.Changed);
        Assert.True(ShippingRules.Ship(package.State, false, package.Ctx, "SH-1").Reply.IsOk);
    }

    [Fact]
    public void A_package_from_before_ownership_belongs_to_the_configured_legacy_owner_or_to_no_shipper()
    {
        var package = new PackageScenario().Register(PackageScenario.Order(requireOtp: true));
        Assert.Null(package.State.Registration!.Shipper);

        Assert.Equal(Fault.NotFound, ShippingRules.Ship(package.State, false, package.Ctx, "SH-1").Reply.Fault);
        package.Policy.LegacyPackageOwner = "SH-1";
        Assert.Equal(Fault.NotFound, ShippingRules.Ship(package.State, false, package.Ctx, "SH-2").Reply.Fault);
        Assert.True(ShippingRules.Ship(package.State, false, package.Ctx, "SH-1").Reply.IsOk);
    }

    [Fact]
    public void Support_reissues_a_code_three_times_a_station_day_then_is_refused_until_the_next_day()
    {
        var package = PackageScenario.OtpOutForDelivery();
        for (var i = 0; i < 3; i++)
        {
            var reissued = CustomerRules.Reissue(package.State, "A-1", $"r{i}", package.Ctx);
            Assert.True(reissued.Reply.IsOk);
            package.State = reissued.State;
        }

        var code = package.Code;
        var refused = CustomerRules.Reissue(package.State, "A-1", "r4", package.Ctx);
        Assert.Equal(Fault.TooManyRequests, refused.Reply.Fault);
        Assert.False(refused.Changed);
        Assert.Equal(code, package.Code);

        // A retry of an accepted request is answered, not counted.
        Assert.True(CustomerRules.Reissue(package.State, "A-1", "r2", package.Ctx).Reply.IsOk);
        package.Now = TestClock.Noon.AddDays(1);
        Assert.True(CustomerRules.Reissue(package.State, "A-1", "r5", package.Ctx).Reply.IsOk);
    }
}
