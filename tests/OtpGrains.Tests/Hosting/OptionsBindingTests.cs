using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Hosting;
using OtpGrains.Hosting.Configuration;
using OtpGrains.Silo;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Hosting;

/// <summary>How settings become options: one way for every type, configured lists replace defaults, bad values stop the start.</summary>
public sealed class OptionsBindingTests
{
    private static IHost Host(Dictionary<string, string?> values, bool isDevelopment = true, ILoggerProvider? logs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = isDevelopment ? "Development" : "Production" });
        builder.Configuration.AddInMemoryCollection(values);
        if (logs is not null) builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddOtpGrainServices(builder.Configuration, isDevelopment);
        return builder.Build();
    }

    [Fact]
    public void A_configured_list_replaces_its_default_instead_of_adding_to_it()
    {
        using var host = Host(new() { ["Policy:OtpCategories:0"] = "jewellery", ["Policy:FallbackMaxValueMinor:USD"] = "100" });

        var policy = host.Services.GetRequiredService<DeliveryPolicy>();
        Assert.Equal(["jewellery"], policy.OtpCategories);
        Assert.Contains("JEWELLERY", policy.OtpCategories); // the default's case-insensitive comparer is kept
        Assert.Equal(new Dictionary<string, long> { ["USD"] = 100 }, policy.FallbackMaxValueMinor);
        Assert.Equal(new DeliveryPolicy().ValueThresholdsMinor, policy.ValueThresholdsMinor);
        Assert.Same(policy, host.Services.GetRequiredService<IOptions<DeliveryPolicy>>().Value);
    }

    [Fact]
    public async Task An_invalid_policy_value_stops_the_host_at_start()
    {
        using var host = Host(new() { ["Policy:AttemptsPerDay"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Policy:AttemptsPerDay", Misconfiguration.Explain(error));
    }

    [Theory]
    [InlineData("Policy:DriverWrongEntriesPerHour", "0")]
    [InlineData("Policy:DriverFallbacksPerDay", "-1")]
    [InlineData("Policy:DriverBudgetFlushSeconds", "0")]
    [InlineData("Policy:DriverReservationSeconds", "0")]
    [InlineData("Policy:ReissuesPerDay", "-1")]
    [InlineData("Policy:SignalWrongEntryRate", "1.5")]
    [InlineData("Policy:SignalFallbackShare", "-0.1")]
    [InlineData("Policy:LegacyPackageOwner", " ")]
    public async Task An_invalid_abuse_control_number_stops_the_host_at_start(string key, string value)
    {
        using var host = Host(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(key.Split(':')[1], Misconfiguration.Explain(error));
    }

    [Fact]
    public void The_abuse_control_numbers_bind_from_policy()
    {
        using var host = Host(new() { ["Policy:DriverWrongEntriesPerHour"] = "4", ["Policy:DriverFallbacksPerDay"] = "2", ["Policy:LegacyPackageOwner"] = "SH-1" });

        var policy = host.Services.GetRequiredService<DeliveryPolicy>();
        Assert.Equal((4, 2, "SH-1"), (policy.DriverWrongEntriesPerHour, policy.DriverFallbacksPerDay, policy.LegacyPackageOwner));
    }

    [Fact]
    public async Task Outbox_and_otp_keys_are_validated_at_start()
    {
        using var outbox = Host(new() { ["Outbox:FirstRetry"] = "00:00:00" });
        Assert.Contains("Outbox:FirstRetry", Misconfiguration.Explain(await Assert.ThrowsAnyAsync<Exception>(() => outbox.StartAsync())));

        using var keys = Host(new() { ["Otp:Keys:k1"] = "c2hvcnQ=" });
        Assert.Contains("Otp:Keys", Misconfiguration.Explain(await Assert.ThrowsAnyAsync<Exception>(() => keys.StartAsync())));
    }

    [Fact]
    public void An_unknown_key_in_a_registered_section_is_named_with_the_nearest_known_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stations:S-1:TimeZone"] = "Europe/Paris",
            ["Stations:S-1:Holidays:0"] = "2026-12-25",
            ["Logging:LogLevel:Whatever"] = "Debug",
            ["Outbox:MaxRetyr"] = "00:01:00",
        }).Build();
        KnownSection[] sections = [new("Stations", ["*:TimeZone", "*:Holidays:*"]), new("Outbox", ["FirstRetry", "MaxRetry"])];

        Assert.Equal("Unknown setting Outbox:MaxRetyr; did you mean Outbox:MaxRetry? (Misspelled settings are refused rather than ignored.)",
            KnownSettings.FindUnknown(configuration, sections));
        Assert.Null(KnownSettings.FindUnknown(configuration, sections[..1]));
        Assert.Contains("did you mean Stations:S-1:TimeZone?",
            KnownSettings.FindUnknown(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Stations:S-1:TimeZon"] = "UTC" }).Build(), sections));
    }

    [Fact]
    public void Another_area_can_add_keys_to_a_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Management:Urls"] = "http://127.0.0.1:1" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddKnownSettings("Management", "Urls")
            .AddKnownSettings("Management", "Port");
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task Pickup_email_outside_development_is_refused_and_when_allowed_warned_about_at_start()
    {
        using var refused = Host(new() { ["Otp:Keys:k1"] = Convert.ToBase64String(Tokens.RandomKey()) }, isDevelopment: false);
        Assert.Contains("Email:AllowPickupOutsideDevelopment=true", Misconfiguration.Explain(await Assert.ThrowsAnyAsync<Exception>(() => refused.StartAsync())));

        var logs = new LogSink { Capturing = true };
        using var allowed = Host(new()
        {
            ["Otp:Keys:k1"] = Convert.ToBase64String(Tokens.RandomKey()),
            ["Email:AllowPickupOutsideDevelopment"] = "true",
        }, isDevelopment: false, logs);
        await allowed.StartAsync();
        await allowed.StopAsync();
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Email:Mode is Pickup outside Development"));
    }

    [Fact]
    public void A_silo_on_AdoNet_clustering_listens_on_its_advertised_address_not_every_interface()
    {
        var advertised = IPAddress.Parse("127.0.0.2");
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Clustering"] = "AdoNet",
            ["Orleans:Storage"] = "AdoNet",
            ["Orleans:AdvertisedIP"] = advertised.ToString(),
            ["Orleans:SiloPort"] = "21111",
            ["Orleans:GatewayPort"] = "40000",
            ["ConnectionStrings:Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=u;Password=p",
        });
        builder.Services.AddOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment));
        using var host = builder.Build();

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(advertised, endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(advertised, 21111), endpoints.SiloListeningEndpoint ?? new IPEndPoint(endpoints.AdvertisedIPAddress, endpoints.SiloPort));
        Assert.Equal(new IPEndPoint(advertised, 40000), endpoints.GatewayListeningEndpoint ?? new IPEndPoint(endpoints.AdvertisedIPAddress, endpoints.GatewayPort));
    }
}
