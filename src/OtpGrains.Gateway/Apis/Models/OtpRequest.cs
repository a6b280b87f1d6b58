namespace OtpGrains.Gateway.Apis;

/// <summary>The code the recipient read out, and who took the package.</summary>
public sealed record OtpRequest(string Code, string? RecipientName = null)
{
    /// <summary>A code must never reach a log line, even through a careless interpolation.</summary>
    public override string ToString() => "OtpRequest { Code = *** }";
}
