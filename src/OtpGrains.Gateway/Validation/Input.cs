using System.Globalization;
using System.Text.RegularExpressions;

namespace OtpGrains.Gateway.Validation;

/// <summary>
/// The shapes API.md fixes. Each shape is written once and used twice: anchored with <c>\z</c> for the
/// checks here (.NET's <c>$</c> also accepts a trailing newline), and with <c>$</c> as the ECMA-262
/// pattern the OpenAPI document publishes. Shapes use <c>[0-9]</c>, never <c>\d</c> (any Unicode digit).
/// </summary>
public static partial class Input
{
    public const int MaxIdLength = 64;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxNameLength = 200;
    public const int MaxNoteLength = AuditEntry.MaxNoteLength;
    public const int MaxCategoryLength = MaxIdLength;
    public const int MaxEmailLength = 254;
    public const int MaxStops = 500;

    private const string IdShape = "[A-Za-z0-9._-]{1,64}";
    private const string CodeShape = "[0-9]{6}";
    private const string PhoneLastTwoShape = "[0-9]{2}";
    private const string CurrencyShape = "[A-Za-z]{3}";
    private const string EmailShape = @"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+";
    // Digits with the usual separators, and at least the two digits the fallback needs.
    private const string PhoneShape = @"(?=(?:[^0-9]*[0-9]){2})\+?[0-9 ().-]{2,32}";
    private const string IdempotencyKeyShape = @"[\x20-\x7E]{1,128}";
    private const string DateShape = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private const string TimeShape = "(?:[01][0-9]|2[0-3]):[0-5][0-9]";
    // Free text: no control characters (char.IsControl); required text has something besides white space.
    private const string TextShape = @"[^\x00-\x1F\x7F-\x9F]*";
    private const string SomethingShape = @"(?=[\s\S]*\S)";

    /// <summary>The ECMA-262 patterns of the OpenAPI document.</summary>
    public static class Patterns
    {
        public const string Id = "^" + IdShape + "$";
        public const string Code = "^" + CodeShape + "$";
        public const string PhoneLastTwo = "^" + PhoneLastTwoShape + "$";
        public const string Currency = "^" + CurrencyShape + "$";
        public const string Email = "^" + EmailShape + "$";
        public const string Phone = "^" + PhoneShape + "$";
        public const string IdempotencyKey = "^" + IdempotencyKeyShape + "$";
        public const string Date = "^" + DateShape + "$";
        public const string Time = "^" + TimeShape + "$";
        public const string OptionalText = "^" + TextShape + "$";
        public const string RequiredText = "^" + SomethingShape + TextShape + "$";
    }

    [GeneratedRegex("^" + IdShape + @"\z")]
    public static partial Regex Id();

    [GeneratedRegex("^" + CodeShape + @"\z")]
    public static partial Regex Code();

    [GeneratedRegex("^" + PhoneLastTwoShape + @"\z")]
    public static partial Regex PhoneLastTwo();

    [GeneratedRegex("^" + CurrencyShape + @"\z")]
    public static partial Regex Currency();

    [GeneratedRegex("^" + EmailShape + @"\z")]
    public static partial Regex Email();

    [GeneratedRegex("^" + PhoneShape + @"\z")]
    public static partial Regex Phone();

    [GeneratedRegex("^" + IdempotencyKeyShape + @"\z")]
    public static partial Regex IdempotencyKey();

    [GeneratedRegex("^" + DateShape + @"\z")]
    private static partial Regex DateText();

    [GeneratedRegex("^" + TimeShape + @"\z")]
    private static partial Regex TimeText();

    public static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        return text is not null && DateText().IsMatch(text)
            && IsoDate.TryParse(text, out date);
    }

    public static bool TryTime(string? text, out TimeOnly time)
    {
        time = default;
        return text is not null && TimeText().IsMatch(text)
            && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static string Format(DateOnly date) => IsoDate.Format(date);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
