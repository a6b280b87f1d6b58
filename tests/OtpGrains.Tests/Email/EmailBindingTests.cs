using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpGrains.Grains.Email;

namespace OtpGrains.Tests.Email;

public sealed class EmailBindingTests
{
    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddOtpEmail(configuration, isDevelopment: true).BuildServiceProvider();
    }

    [Fact]
    public void Without_configuration_email_goes_to_the_local_pickup_folder()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal(EmailMode.Pickup, options.Mode);
        Assert.Equal(".local/mail", options.PickupDirectory);
        Assert.Equal("OtpGrains <no-reply@otpgrains.invalid>", options.From);
        Assert.Equal(587, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.StartTls, options.Smtp.Security);
        Assert.IsType<PickupEmailSender>(provider.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Smtp_mode_binds_the_relay_settings_and_uses_the_smtp_sender()
    {
        using var provider = Build(new()
        {
            ["Email:Mode"] = "Smtp",
            ["Email:From"] = "Deliveries <otp@example.com>",
            ["Email:Smtp:Host"] = "smtp.example.com",
            ["Email:Smtp:Port"] = "465",
            ["Email:Smtp:Security"] = "Tls",
            ["Email:Smtp:User"] = "relay-user",
            ["Email:Smtp:Password"] = "relay-secret",
        });

        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal(EmailMode.Smtp, options.Mode);
        Assert.Equal("Deliveries <otp@example.com>", options.From);
        Assert.Equal("smtp.example.com", options.Smtp.Host);
        Assert.Equal(465, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.Tls, options.Smtp.Security);
        Assert.Equal("relay-user", options.Smtp.User);
        Assert.Equal("relay-secret", options.Smtp.Password);
        Assert.IsType<SmtpEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.Same(provider.GetRequiredService<IEmailSender>(), provider.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Smtp_mode_without_a_host_is_rejected()
    {
        using var provider = Build(new() { ["Email:Mode"] = "Smtp" });

        var error = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.Contains("Email:Smtp:Host", error.Message);
    }

    [Fact]
    public void Pickup_directory_is_read_from_configuration()
    {
        using var provider = Build(new() { ["Email:PickupDirectory"] = "/var/spool/otp-mail" });

        Assert.Equal("/var/spool/otp-mail", provider.GetRequiredService<IOptions<EmailOptions>>().Value.PickupDirectory);
    }
}
