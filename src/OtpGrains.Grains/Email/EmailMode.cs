namespace OtpGrains.Grains.Email;

/// <summary>How outgoing email leaves the process (<c>Email:Mode</c>).</summary>
public enum EmailMode
{
    /// <summary>Each message is written as an <c>.eml</c> file to <c>Email:PickupDirectory</c>.</summary>
    Pickup,

    /// <summary>Each message is sent through the SMTP relay in <c>Email:Smtp</c>.</summary>
    Smtp,
}
