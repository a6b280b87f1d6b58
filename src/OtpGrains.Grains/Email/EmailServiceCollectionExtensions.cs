using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OtpGrains.Grains.Email;

/// <summary>Registers outgoing email.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EmailOptions"/> from the <c>Email</c> section and registers the
    /// <see cref="IEmailSender"/> for <c>Email:Mode</c> as a singleton. Invalid settings stop the
    /// host at start-up. Pickup mode writes every code in plain text to disk, so outside Development it
    /// is refused unless <c>Email:AllowPickupOutsideDevelopment=true</c>, and then warned about at start.
    /// </summary>
    public static IServiceCollection AddOtpEmail(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOtpOptions<EmailOptions>(configuration, EmailOptions.SectionName)
            .Validate(
                options => isDevelopment || options.Mode != EmailMode.Pickup || options.AllowPickupOutsideDevelopment,
                "Email:Mode is Pickup (the default), which writes every code in plain text to Email:PickupDirectory; outside Development " +
                "set Email:Mode=Smtp with Email:Smtp:Host, or Email:AllowPickupOutsideDevelopment=true to accept that.")
            .Validate(
                options => options.Mode != EmailMode.Smtp || !string.IsNullOrWhiteSpace(options.Smtp.Host),
                "Email:Smtp:Host is required when Email:Mode is Smtp.")
            .Validate(
                options => options.Mode != EmailMode.Pickup || !string.IsNullOrWhiteSpace(options.PickupDirectory),
                "Email:PickupDirectory is required when Email:Mode is Pickup.")
            .Validate(
                options => MailboxAddress.TryParse(options.From, out _),
                "Email:From must be an email address, optionally with a display name.")
            .ValidateOnStart();

        if (!isDevelopment) services.AddHostedService<PickupWarning>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PickupEmailSender>();
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Mode switch
            {
                EmailMode.Smtp => provider.GetRequiredService<SmtpEmailSender>(),
                _ => provider.GetRequiredService<PickupEmailSender>(),
            });

        return services;
    }
}

/// <summary>Says at start, as a warning, that codes are being written to disk outside Development.</summary>
internal sealed class PickupWarning(IOptions<EmailOptions> options, ILogger<PickupWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode == EmailMode.Pickup)
            logger.LogWarning("Email:Mode is Pickup outside Development (Email:AllowPickupOutsideDevelopment=true): every code is written in plain text to {PickupDirectory}.",
                options.Value.PickupDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
