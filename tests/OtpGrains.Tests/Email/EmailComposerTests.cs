using OtpGrains.Grains.Email;

namespace OtpGrains.Tests.Email;

public sealed class EmailComposerTests
{
    private const string To = "ada@example.com";
    private const string TrackingId = "TRK-42";
    private const string Code = "493817";

    public static TheoryData<string, EmailMessage> MessagesWithCode => new()
    {
        { "issued", EmailComposer.CodeIssued(To, TrackingId, Code) },
        { "resent", EmailComposer.CodeResent(To, TrackingId, Code) },
        { "reissued", EmailComposer.CodeReissued(To, TrackingId, Code) },
        { "redelivery with new code", EmailComposer.RedeliveryScheduled(To, TrackingId, new DateOnly(2025, 6, 16), Code) },
    };

    [Theory]
    [MemberData(nameof(MessagesWithCode))]
    public void Code_appears_in_the_body_and_never_in_the_subject(string kind, EmailMessage message)
    {
        Assert.False(message.Subject.Contains(Code, StringComparison.Ordinal), kind);
        Assert.Contains(Code, message.TextBody);
        Assert.Contains(TrackingId, message.Subject);
        Assert.Equal(To, message.To);
    }

    [Fact]
    public void Each_kind_of_email_has_its_own_subject()
    {
        var subjects = new[]
        {
            EmailComposer.CodeIssued(To, TrackingId, Code).Subject,
            EmailComposer.CodeResent(To, TrackingId, Code).Subject,
            EmailComposer.CodeReissued(To, TrackingId, Code).Subject,
            EmailComposer.RedeliveryScheduled(To, TrackingId, new DateOnly(2025, 6, 16), null).Subject,
            EmailComposer.ReturnedToSender(To, TrackingId).Subject,
        };

        Assert.Equal(subjects.Length, subjects.Distinct().Count());
    }

    [Fact]
    public void Redelivery_email_gives_the_date_as_yyyy_MM_dd()
    {
        var message = EmailComposer.RedeliveryScheduled(To, TrackingId, new DateOnly(2025, 6, 16), null);

        Assert.Contains("2025-06-16", message.Subject);
        Assert.Contains("2025-06-16", message.TextBody);
    }

    [Fact]
    public void Redelivery_email_carries_a_code_only_when_the_code_changed()
    {
        var unchanged = EmailComposer.RedeliveryScheduled(To, TrackingId, new DateOnly(2025, 6, 16), null);
        var changed = EmailComposer.RedeliveryScheduled(To, TrackingId, new DateOnly(2025, 6, 16), Code);

        Assert.DoesNotContain("Delivery code:", unchanged.TextBody);
        Assert.Contains($"Delivery code: {Code}", changed.TextBody);
    }

    [Fact]
    public void Returned_to_sender_email_names_the_package()
    {
        var message = EmailComposer.ReturnedToSender(To, TrackingId);

        Assert.Contains(TrackingId, message.Subject);
        Assert.Contains("returned", message.TextBody, StringComparison.OrdinalIgnoreCase);
    }
}
