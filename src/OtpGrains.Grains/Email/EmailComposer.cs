using System.Text;

namespace OtpGrains.Grains.Email;

/// <summary>
/// Writes the customer emails. A code appears only in the body: subjects show up in notification
/// previews, mail-server logs and our own logs, so they never carry it.
/// </summary>
public static class EmailComposer
{
    /// <summary>The first email after shipping, with the code the customer gives the driver.</summary>
    public static EmailMessage CodeIssued(string to, string trackingId, string code) =>
        Compose(
            to,
            $"Your delivery code for package {trackingId}",
            $"Your package {trackingId} has shipped and needs a one-time code at delivery.",
            CodeLines(code));

    /// <summary>A repeat of the current code, sent at the customer's request.</summary>
    public static EmailMessage CodeResent(string to, string trackingId, string code) =>
        Compose(
            to,
            $"Your delivery code for package {trackingId} (sent again)",
            $"As requested, here is the delivery code for package {trackingId} again. It has not changed.",
            CodeLines(code));

    /// <summary>A new code that replaces the old one; the old code no longer works.</summary>
    public static EmailMessage CodeReissued(string to, string trackingId, string code) =>
        Compose(
            to,
            $"New delivery code for package {trackingId}",
            $"Package {trackingId} has a new delivery code. The previous code no longer works.",
            CodeLines(code));

    /// <summary>
    /// The package will be delivered again on <paramref name="date"/>; <paramref name="newCode"/> is
    /// given only when the code changed, so an unchanged code is not repeated needlessly.
    /// </summary>
    public static EmailMessage RedeliveryScheduled(string to, string trackingId, DateOnly date, string? newCode)
    {
        var day = IsoDate.Format(date);
        var intro = $"We could not deliver package {trackingId}. We will try again on {day}.";
        var details = newCode is null
            ? ["Your delivery code has not changed; please have it ready."]
            : new[] { "Your delivery code has changed. The previous code no longer works." }.Concat(CodeLines(newCode)).ToArray();
        return Compose(to, $"Package {trackingId} will be delivered again on {day}", intro, details);
    }

    /// <summary>The package goes back to its shipper after its last failed delivery day.</summary>
    public static EmailMessage ReturnedToSender(string to, string trackingId) =>
        Compose(
            to,
            $"Package {trackingId} is being returned to the sender",
            $"We could not deliver package {trackingId} after several attempts, so it is being returned to the sender.",
            ["Please contact the seller about a refund or a new shipment."]);

    private static string[] CodeLines(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return
        [
            $"Delivery code: {code}",
            "Give this code to the driver only when you receive the package. We will never ask for it by phone or email.",
        ];
    }

    private static EmailMessage Compose(string to, string subject, string intro, IEnumerable<string> details)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);

        var body = new StringBuilder()
            .AppendLine(intro)
            .AppendLine();
        foreach (var line in details)
        {
            body.AppendLine(line);
        }

        body.AppendLine().AppendLine("OtpGrains deliveries");
        return new EmailMessage(to, subject, body.ToString());
    }
}
