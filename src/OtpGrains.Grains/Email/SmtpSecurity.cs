namespace OtpGrains.Grains.Email;

/// <summary>How the connection to the SMTP relay is protected (<c>Email:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; only for a relay on a trusted network or a local test server.</summary>
    None,

    /// <summary>Connect in plain text, then require an upgrade with STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    Tls,
}
