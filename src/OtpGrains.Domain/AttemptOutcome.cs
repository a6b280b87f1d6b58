namespace OtpGrains.Domain;

/// <summary>The verdict on one counted entry at the door.</summary>
[GenerateSerializer, Alias("otpgrains.AttemptOutcome")]
public enum AttemptOutcome
{
    Delivered,
    WrongCode,
    /// <summary>The entry was wrong and used the day's last attempt.</summary>
    Locked,
}
