namespace OtpGrains.Domain.Packages;

[GenerateSerializer, Alias("otpgrains.EmailKind")]
public enum EmailKind
{
    CodeIssued,
    CodeResent,
    CodeReissued,
    RedeliveryScheduled,
    ReturnedToSender,
}
