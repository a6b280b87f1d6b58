using System.Text.RegularExpressions;

namespace OtpGrains.Gateway.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field, before anything reaches a grain. Messages
/// name the rule, never echo the value (it may be a code).
/// </summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public InputErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public InputErrors Id(string field, string? value) =>
        Match(field, value, Input.Id(), $"must be 1-{Input.MaxIdLength} characters of A-Z a-z 0-9 - _ .");

    public InputErrors Code(string field, string? value) => Match(field, value, Input.Code(), "must be exactly 6 ASCII digits");

    public InputErrors PhoneLastTwo(string field, string? value) => Match(field, value, Input.PhoneLastTwo(), "must be exactly 2 ASCII digits");

    public InputErrors Currency(string field, string? value) => Match(field, value, Input.Currency(), "must be a 3-letter currency code");

    public InputErrors Email(string field, string? value) =>
        value is { Length: <= Input.MaxEmailLength } ? Match(field, value, Input.Email(), "must be an email address") : Add(field, "must be an email address");

    public InputErrors Phone(string field, string? value) =>
        Match(field, value, Input.Phone(), "must be a phone number of digits, spaces and + ( ) - . with at least 2 digits");

    public InputErrors NotNegative(string field, long value) => value >= 0 ? this : Add(field, "must be 0 or more");

    /// <summary>Free text: required or optional, at most <paramref name="max"/> characters, no control characters.</summary>
    public InputErrors Text(string field, string? value, int max, bool required)
    {
        if (value is null) return required ? Add(field, "is required") : this;
        if (required && string.IsNullOrWhiteSpace(value)) return Add(field, "must not be empty");
        if (value.Length > max) return Add(field, $"must be at most {max} characters");
        return value.Any(char.IsControl) ? Add(field, "must not contain control characters") : this;
    }

    /// <summary>A date <c>yyyy-MM-dd</c> inside <paramref name="window"/> (from yesterday to <c>Policy:MaxDaysAhead</c> days ahead).</summary>
    public DateOnly Date(string field, string? value, DateWindow window) => Date(field, value, window.Contains, window.Rule);

    /// <summary>A date <c>yyyy-MM-dd</c> that support reports still hold (<see cref="DateWindow.ContainsReportDay"/>).</summary>
    public DateOnly ReportDate(string field, string? value, DateWindow window) => Date(field, value, window.ContainsReportDay, window.ReportRule);

    private DateOnly Date(string field, string? value, Func<DateOnly, bool> allowed, string rule)
    {
        if (!Input.TryDate(value, out var date)) Add(field, "must be a date yyyy-MM-dd");
        else if (!allowed(date)) Add(field, rule);
        return date;
    }

    public TimeOnly Time(string field, string? value)
    {
        if (Input.TryTime(value, out var time)) return time;
        Add(field, "must be a time of day HH:mm");
        return default;
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "One or more fields are invalid; nothing was changed.",
        title: "Validation failed");

    private InputErrors Match(string field, string? value, Regex pattern, string message) =>
        value is not null && pattern.IsMatch(value) ? this : Add(field, message);
}
