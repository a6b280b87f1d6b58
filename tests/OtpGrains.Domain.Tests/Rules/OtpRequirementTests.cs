using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class OtpRequirementTests
{
    private static readonly DeliveryPolicy Policy = new();

    private static ImmutableList<OtpReason> Reasons(RegisterPackage order, bool flagged = false) =>
        ShippingRules.ReasonsFor(order, flagged, Policy);

    [Theory]
    [InlineData("USD", 50_000)]
    [InlineData("EUR", 45_000)]
    [InlineData("GBP", 40_000)]
    [InlineData("INR", 4_000_000)]
    public void Declared_value_at_the_currency_threshold_needs_a_code(string currency, long thresholdMinor)
    {
        Assert.Equal([OtpReason.HighValue], Reasons(Order(thresholdMinor, currency)));
        Assert.Equal([OtpReason.HighValue], Reasons(Order(thresholdMinor + 1, currency)));
    }

    [Theory]
    [InlineData("USD", 50_000)]
    [InlineData("EUR", 45_000)]
    [InlineData("GBP", 40_000)]
    [InlineData("INR", 4_000_000)]
    public void Declared_value_one_minor_unit_below_the_threshold_needs_no_code(string currency, long thresholdMinor)
    {
        Assert.Empty(Reasons(Order(thresholdMinor - 1, currency)));
    }

    [Fact]
    public void Thresholds_differ_per_currency_so_450_pounds_is_high_value_but_450_dollars_is_not()
    {
        Assert.Contains(OtpReason.HighValue, Reasons(Order(45_000, "GBP")));
        Assert.Empty(Reasons(Order(45_000, "USD")));
    }

    [Fact]
    public void Currency_codes_match_regardless_of_case()
    {
        Assert.Empty(Reasons(Order(100, "usd")));
        Assert.Contains(OtpReason.HighValue, Reasons(Order(50_000, "usd")));
    }

    [Fact]
    public void Currency_without_a_configured_threshold_counts_as_high_value()
    {
        Assert.Equal([OtpReason.HighValue], Reasons(Order(1, "JPY")));
    }

    [Theory]
    [InlineData("computers")]
    [InlineData("tablets")]
    [InlineData("smartphones")]
    [InlineData("Smartphones")]
    [InlineData("TABLETS")]
    public void Listed_categories_need_a_code_whatever_their_case(string category)
    {
        Assert.Equal([OtpReason.Category], Reasons(Order(category: category)));
    }

    [Fact]
    public void Other_categories_need_no_code()
    {
        Assert.Empty(Reasons(Order(category: "books")));
        Assert.Empty(Reasons(Order(category: "computer-books")));
    }

    [Fact]
    public void Flagged_customer_needs_a_code()
    {
        Assert.Equal([OtpReason.FlaggedCustomer], Reasons(Order(), flagged: true));
    }

    [Fact]
    public void Shipper_may_ask_for_a_code()
    {
        Assert.Equal([OtpReason.ShipperRequested], Reasons(Order(requireOtp: true)));
    }

    [Fact]
    public void Registration_records_every_reason_that_applied()
    {
        var scenario = new PackageScenario().Register(Order(90_000, "USD", "Tablets", requireOtp: true), flagged: true);

        Assert.Equal(
            [OtpReason.HighValue, OtpReason.Category, OtpReason.FlaggedCustomer, OtpReason.ShipperRequested],
            scenario.State.OtpReasons);
        Assert.True(scenario.State.OtpRequired);
    }

    [Fact]
    public void Package_without_any_reason_ships_without_a_code_or_code_email()
    {
        var scenario = new PackageScenario().Register(Order()).Ship();

        Assert.False(scenario.State.OtpRequired);
        Assert.Equal(PackageStatus.Shipped, scenario.State.Status);
        Assert.Null(scenario.State.Code);
        Assert.DoesNotContain(scenario.State.Outbox, m => m.Email is not null);
    }

    [Fact]
    public void Customer_flagged_between_registration_and_shipping_gets_a_code_at_ship()
    {
        var scenario = new PackageScenario().Register(Order()).Ship(flagged: true);

        Assert.Equal([OtpReason.FlaggedCustomer], scenario.State.OtpReasons);
        Assert.NotNull(scenario.State.Code);
    }
}
