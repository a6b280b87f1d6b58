using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OtpGrains.Grains.Email;

/// <summary>Registers outgoing email.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EmailOptions"/> from the <c>Email</c> section and registers the
    /// <see cref="IEmailSender"/> for <c>Email:Mode</c> as a singleton. Invalid settings stop the
    /// host at start-up.
    /// </summary>
    public static IServiceCollection AddOtpEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
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
