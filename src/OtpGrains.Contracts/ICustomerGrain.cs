namespace OtpGrains.Contracts;

/// <summary>One customer, keyed by customer id: missing-delivery reports and the flag they earn.</summary>
[Alias("otpgrains.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    [Alias("ReportMissing")] Task ReportMissing(MissingReport report);

    [Alias("IsFlagged")] Task<bool> IsFlagged();
}
