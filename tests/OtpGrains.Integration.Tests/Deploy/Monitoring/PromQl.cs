using System.Text.RegularExpressions;

namespace OtpGrains.Tests.Deploy.Monitoring;

/// <summary>The metric names a PromQL expression reads, for checking them against the known names.</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
    [
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "inf", "nan",
    ];

    public static IReadOnlyCollection<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Offset().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !IsCall(text, m) && !Keywords.Contains(m.Value.ToLowerInvariant()) && !char.IsDigit(m.Value[0]))
            .Select(m => m.Value)
            .ToHashSet();
    }

    private static bool IsCall(string text, Match m)
    {
        var rest = text[(m.Index + m.Length)..].TrimStart();
        return rest.StartsWith('(');
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\boffset\s+\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();

    [GeneratedRegex(@"(?<![\w$.])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
