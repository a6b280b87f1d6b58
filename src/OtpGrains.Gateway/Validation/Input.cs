using System.Globalization;
using System.Text.RegularExpressions;

namespace OtpGrains.Gateway.Validation;

/// <summary>
/// The shapes API.md fixes. Patterns use <c>[0-9]</c> (not <c>\d</c>, which accepts any Unicode digit)
/// and <c>\z</c> (not <c>$</c>, which accepts a trailing newline).
/// </summary>
public static partial class Input
{
    public const int MaxIdLength = 64;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxNameLength = 200;
    public const int MaxNoteLength = 1000;
    public const int MaxStops = 500;

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    public static partial Regex Id();

    [GeneratedRegex(@"^[0-9]{6}\z")]
    public static partial Regex Code();

    [GeneratedRegex(@"^[0-9]{2}\z")]
    public static partial Regex PhoneLastTwo();

    [GeneratedRegex(@"^[A-Za-z]{3}\z")]
    public static partial Regex Currency();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+\z")]
    public static partial Regex Email();

    /// <summary>Digits with the usual separators, and at least the two digits the fallback needs.</summary>
    [GeneratedRegex(@"^\+?[0-9 ().-]{2,32}\z")]
    public static partial Regex Phone();

    [GeneratedRegex(@"^[\x20-\x7E]{1,128}\z")]
    public static partial Regex IdempotencyKey();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^[0-9]{2}:[0-9]{2}\z")]
    private static partial Regex TimeShape();

    public static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        return text is not null && DateShape().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool TryTime(string? text, out TimeOnly time)
    {
        time = default;
        return text is not null && TimeShape().IsMatch(text)
            && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
