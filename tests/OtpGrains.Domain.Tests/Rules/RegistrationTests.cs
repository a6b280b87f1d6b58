using System.Text.Json;
using static OtpGrains.Tests.Rules.PackageScenario;

namespace OtpGrains.Tests.Rules;

public sealed class RegistrationTests
{
    [Fact]
    public void Identical_repeat_registration_is_not_created_again_and_changes_nothing()
    {
        var scenario = new PackageScenario().Register(Order());

        var repeat = ShippingRules.Register(scenario.State, Order(), false, scenario.Ctx);

        Assert.True(repeat.Reply.IsOk);
        Assert.False(repeat.Reply.Value!.Created);
        Assert.False(repeat.Changed);
        Assert.Same(scenario.State, repeat.State);
    }

    [Fact]
    public void First_registration_is_created()
    {
        var decision = ShippingRules.Register(new PackageState(), Order(), false, new PackageScenario().Ctx);

        Assert.True(decision.Reply.Value!.Created);
        Assert.True(decision.Changed);
        Assert.Equal(PackageStatus.Registered, decision.State.Status);
    }

    [Theory]
    [InlineData(100_01L, "USD", "books", "C-1")]
    [InlineData(100_00L, "EUR", "books", "C-1")]
    [InlineData(100_00L, "USD", "toys", "C-1")]
    [InlineData(100_00L, "USD", "books", "C-2")]
    public void Registering_again_with_different_data_is_a_conflict(long amountMinor, string currency, string category, string customer)
    {
        var scenario = new PackageScenario().Register(Order());

        var decision = ShippingRules.Register(scenario.State, Order(amountMinor, currency, category, customer: customer), false, scenario.Ctx);

        Assert.Equal(Fault.Conflict, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(scenario.State, decision.State);
    }

    [Fact]
    public void Registering_again_with_another_phone_number_is_a_conflict()
    {
        var scenario = new PackageScenario().Register(Order());

        var decision = ShippingRules.Register(scenario.State, Order() with { CustomerPhone = "+1 415 555 0199" }, false, scenario.Ctx);

        Assert.Equal(Fault.Conflict, decision.Reply.Fault);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Identical_registration_after_shipping_is_a_conflict()
    {
        var scenario = new PackageScenario().Register(Order()).Ship();

        var decision = ShippingRules.Register(scenario.State, Order(), false, scenario.Ctx);

        Assert.Equal(Fault.Conflict, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(scenario.State, decision.State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("call me")]
    public void Phone_without_two_digits_for_the_fallback_is_refused_and_changes_nothing(string phone)
    {
        var scenario = new PackageScenario();

        var decision = ShippingRules.Register(scenario.State, Order() with { CustomerPhone = phone }, false, scenario.Ctx);

        Assert.Equal(Fault.ValidationFailed, decision.Reply.Fault);
        Assert.False(decision.Changed);
        Assert.Same(scenario.State, decision.State);
    }

    [Fact]
    public void Stored_state_holds_neither_the_phone_number_nor_the_email_address_nor_the_plain_code()
    {
        var scenario = OtpOutForDelivery();
        scenario.EnterCode(scenario.WrongCode(), "k1");
        var code = scenario.Code;

        var json = JsonSerializer.Serialize(scenario.State);

        Assert.DoesNotContain("4155550142", json, StringComparison.Ordinal);
        Assert.DoesNotContain("555-0142", json, StringComparison.Ordinal);
        Assert.DoesNotContain("c1@", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.com", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(scenario.State.Outbox, m => m.Email is not null);
        AssertNoLeafHolds(JsonDocument.Parse(json).RootElement, code, propertyName: null);
    }

    [Fact]
    public void Email_address_is_kept_only_sealed_and_opens_only_for_its_own_package()
    {
        var scenario = new PackageScenario().Register(Order());
        var registration = scenario.State.Registration!;

        Assert.Null(registration.PlainEmail);
        Assert.True(registration.SealedEmail!.Bytes.AsSpan().IndexOf("c1@example.com"u8) < 0);
        Assert.Equal("c1@example.com", registration.OpenEmail(scenario.Vault, scenario.TrackingId));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => registration.OpenEmail(scenario.Vault, "PKG-2"));
    }

    [Fact]
    public void Repeat_registration_with_the_address_in_other_letters_case_is_identical_and_another_address_is_a_conflict()
    {
        var scenario = new PackageScenario().Register(Order());

        var sameAddress = ShippingRules.Register(scenario.State, Order() with { CustomerEmail = "C1@Example.COM" }, false, scenario.Ctx);
        var otherAddress = ShippingRules.Register(scenario.State, Order() with { CustomerEmail = "c2@example.com" }, false, scenario.Ctx);

        Assert.True(sameAddress.Reply.IsOk);
        Assert.False(sameAddress.Changed);
        Assert.Equal(Fault.Conflict, otherAddress.Reply.Fault);
        Assert.False(otherAddress.Changed);
    }

    [Fact]
    public void Plain_address_of_a_row_stored_before_sealing_is_sealed_and_still_opens_to_the_same_address()
    {
        var scenario = new PackageScenario().Register(Order());
        var old = scenario.State with { Registration = scenario.State.Registration! with { SealedEmail = null, PlainEmail = "c1@example.com" } };
        Assert.Equal("c1@example.com", old.Registration!.OpenEmail(scenario.Vault, scenario.TrackingId));

        var sealedState = ShippingRules.SealStoredEmail(old, scenario.Ctx);

        Assert.Null(sealedState.Registration!.PlainEmail);
        Assert.Equal("c1@example.com", sealedState.Registration.OpenEmail(scenario.Vault, scenario.TrackingId));
        Assert.DoesNotContain("example.com", JsonSerializer.Serialize(sealedState), StringComparison.Ordinal);
        Assert.Same(scenario.State, ShippingRules.SealStoredEmail(scenario.State, scenario.Ctx));
    }

    [Fact]
    public void Phone_is_kept_only_as_a_keyed_digest_of_its_last_two_digits()
    {
        var scenario = new PackageScenario().Register(Order());
        var digest = scenario.State.Registration!.PhoneLastTwo;

        Assert.True(scenario.Vault.Matches(digest, ShippingRules.PhonePurpose, scenario.TrackingId, PhoneLastTwo));
        Assert.False(scenario.Vault.Matches(digest, ShippingRules.PhonePurpose, scenario.TrackingId, "41"));
        Assert.Equal(32, digest.Hash.Length);
    }

    /// <summary>
    /// Walks every JSON value: no string or number equals the code, no readable string contains it,
    /// and the byte arrays (base64, where digits can occur by chance) do not carry its ASCII bytes.
    /// </summary>
    private static void AssertNoLeafHolds(JsonElement element, string code, string? propertyName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) AssertNoLeafHolds(property.Value, code, property.Name);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) AssertNoLeafHolds(item, code, propertyName);
                break;
            case JsonValueKind.Number:
                Assert.NotEqual(code.TrimStart('0'), element.GetRawText());
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                Assert.NotEqual(code, text);
                if (propertyName is "Hash" or "Sealed" or "Bytes")
                {
                    var bytes = Convert.FromBase64String(text);
                    Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(code)) < 0, $"{propertyName} carries the plain code.");
                }
                else
                {
                    Assert.DoesNotContain(code, text, StringComparison.Ordinal);
                }
                break;
        }
    }
}
