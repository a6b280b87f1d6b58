using System.Globalization;

namespace OtpGrains.Domain;

/// <summary>
/// The one spelling of a calendar date everywhere it is written or read as text: grain keys, the
/// HTTP contract, the job's <c>--date</c>, station holidays, e-mails and messages.
/// </summary>
public static class IsoDate
{
    public const string Pattern = "yyyy-MM-dd";

    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
