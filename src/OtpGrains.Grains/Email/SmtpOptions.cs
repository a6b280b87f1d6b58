namespace OtpGrains.Grains.Email;

/// <summary>The SMTP relay used when <c>Email:Mode</c> is <c>Smtp</c> (section <c>Email:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Relay host name; required in <c>Smtp</c> mode.</summary>
    public string? Host { get; set; }

    /// <summary>Relay port.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Transport security.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>User name; when empty the sender does not authenticate.</summary>
    public string? User { get; set; }

    /// <summary>Password for <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Limit for each network operation with the relay, so a stalled relay fails the send (and the
    /// outbox retries) instead of holding a grain turn.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
