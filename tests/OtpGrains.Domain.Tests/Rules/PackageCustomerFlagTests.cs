using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

/// <summary>The customer's flag as a package knows it: when it is asked for, where it is kept, and rows stored before it was kept in one place.</summary>
public sealed class PackageCustomerFlagTests
{
    [Fact]
    public void Only_a_first_registration_asks_for_the_customers_flag()
    {
        var scenario = new PackageScenario();
        Assert.True(ShippingRules.NeedsCustomerFlag(scenario.State, Order()));

        scenario.Register(Order());

        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, Order()));
    }

    [Fact]
    public void Only_the_owners_ship_of_a_registered_package_asks_for_the_customers_flag()
    {
        var scenario = new PackageScenario().Register(Order() with { Shipper = "SH-1" });

        Assert.True(ShippingRules.NeedsCustomerFlag(scenario.State, "SH-1", scenario.Policy));
        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, "SH-2", scenario.Policy));
        Assert.False(ShippingRules.NeedsCustomerFlag(new PackageState(), "SH-1", scenario.Policy));

        scenario.Ship();

        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, "SH-1", scenario.Policy));
    }

    [Fact]
    public void Only_a_stop_that_starts_a_delivery_day_at_the_packages_station_asks_for_the_customers_flag()
    {
        var scenario = new PackageScenario().Register(Order());
        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, scenario.Stop()));

        scenario.Ship();
        Assert.True(ShippingRules.NeedsCustomerFlag(scenario.State, scenario.Stop()));
        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, scenario.Stop() with { StationId = "OTHER" }));

        scenario.Assign();

        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, scenario.Stop()));
    }

    [Fact]
    public void A_flag_once_learned_is_kept_by_the_package_and_never_asked_for_again()
    {
        var scenario = new PackageScenario().Register(Order(), flagged: true);

        Assert.True(scenario.State.CustomerFlagged);
        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, null, scenario.Policy));

        scenario.Ship(flagged: false);

        Assert.True(scenario.State.CustomerFlagged);
        Assert.False(ShippingRules.NeedsCustomerFlag(scenario.State, scenario.Stop()));
    }

    [Fact]
    public void A_customer_flagged_when_the_first_route_was_built_has_no_fallback_on_a_later_day_either()
    {
        var scenario = OtpOutForDelivery(flagged: true).FailAndReturn();
        Assert.True(scenario.RunRedelivery().Reply.IsOk);

        scenario.GoOutOnRedeliveryDay();

        Assert.True(scenario.State.CustomerFlagged);
        Assert.Equal(Fault.FallbackNotAllowed, scenario.EnterFallback(PhoneLastTwo, "f1").Reply.Fault);
    }

    [Fact]
    public void Rows_stored_with_the_flag_on_the_delivery_day_or_in_the_reasons_keep_it_in_the_package()
    {
        var stored = OtpOutForDelivery().State;
        var onTheDay = stored with { Day = stored.Day! with { StoredCustomerFlag = true } };
        var inTheReasons = stored with { OtpReasons = [OtpReason.FlaggedCustomer] };

        var fromDay = StoredPackage.CarryCustomerFlag(onTheDay);
        var fromReasons = StoredPackage.CarryCustomerFlag(inTheReasons);

        Assert.True(fromDay.CustomerFlagged);
        Assert.False(fromDay.Day!.StoredCustomerFlag);
        Assert.True(fromReasons.CustomerFlagged);
        Assert.Same(stored, StoredPackage.CarryCustomerFlag(stored));
    }
}
