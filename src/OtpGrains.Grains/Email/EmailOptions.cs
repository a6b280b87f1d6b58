namespace OtpGrains.Grains.Email;

/// <summary>Outgoing email settings, bound from the <c>Email</c> configuration section.</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Email";

    /// <summary>How messages leave the process.</summary>
    public EmailMode Mode { get; set; } = EmailMode.Pickup;

    /// <summary>Folder that receives one <c>.eml</c> file per message in <see cref="EmailMode.Pickup"/> mode.</summary>
    public string PickupDirectory { get; set; } = ".local/mail";

    /// <summary>
    /// Pickup mode writes every code in plain text; outside Development it must be allowed explicitly
    /// (a staging box without a relay, a load test), and a warning says so at start.
    /// </summary>
    public bool AllowPickupOutsideDevelopment { get; set; }

    /// <summary>Sender address, optionally with a display name.</summary>
    public string From { get; set; } = "OtpGrains <no-reply@otpgrains.invalid>";

    /// <summary>The SMTP relay used in <see cref="EmailMode.Smtp"/> mode.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}
