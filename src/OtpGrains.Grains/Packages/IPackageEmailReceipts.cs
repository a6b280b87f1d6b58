namespace OtpGrains.Grains.Packages;

/// <summary>
/// How the <see cref="Email.EmailCourier"/> tells a package what became of an email it handed over.
/// Silo-internal: the gateway and the batch job never call it.
/// </summary>
[Alias("otpgrains.IPackageEmailReceipts")]
public interface IPackageEmailReceipts : IGrainWithStringKey
{
    /// <summary>The email of outbox message <paramref name="messageId"/> was handed to the relay (<paramref name="sent"/>) or not.</summary>
    [Alias("EmailSent")] Task EmailSent(string messageId, bool sent);
}
