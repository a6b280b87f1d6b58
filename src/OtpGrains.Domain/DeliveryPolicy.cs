namespace OtpGrains.Domain;

/// <summary>
/// Every number of the delivery rules. Bound from the <c>Policy</c> configuration section; the
/// defaults are DESIGN.md's. Value thresholds are in the currency's minor unit.
/// </summary>
public sealed class DeliveryPolicy
{
    /// <summary>Declared value at or over this needs a code. A currency missing here counts as high value.</summary>
    public Dictionary<string, long> ValueThresholdsMinor { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = 500_00,
        ["EUR"] = 450_00,
        ["GBP"] = 400_00,
        ["INR"] = 40_000_00,
    };

    /// <summary>Categories that always need a code.</summary>
    public HashSet<string> OtpCategories { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        "computers", "tablets", "smartphones",
    };

    /// <summary>
    /// Above this declared value the phone-digit fallback is off. A currency missing here has no
    /// fallback at all: the fallback is 10,000 times easier to guess, so it must be allowed explicitly.
    /// </summary>
    public Dictionary<string, long> FallbackMaxValueMinor { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = 2_000_00,
        ["EUR"] = 1_800_00,
        ["GBP"] = 1_600_00,
        ["INR"] = 160_000_00,
    };

    public int AttemptsPerDay { get; set; } = 3;
    public int FallbacksPerDay { get; set; } = 1;
    public TimeOnly DeliveryWindowStart { get; set; } = new(3, 0);
    public TimeOnly DeliveryWindowEnd { get; set; } = new(23, 0);
    public TimeOnly CustomerFriendlyStart { get; set; } = new(8, 0);
    public TimeOnly CustomerFriendlyEnd { get; set; } = new(21, 0);

    /// <summary>Station-local time, the day after a failed delivery day, by which the package must be back.</summary>
    public TimeOnly ReturnDeadline { get; set; } = new(10, 0);

    public int ResendsPerDay { get; set; } = 3;

    /// <summary>Code reissues by support per package per station day.</summary>
    public int ReissuesPerDay { get; set; } = 3;

    /// <summary>Wrong code entries and fallback entries one driver may make across all their packages in a rolling hour.</summary>
    public int DriverWrongEntriesPerHour { get; set; } = 10;

    /// <summary>Fallback entries one driver may make across all their packages in a UTC day.</summary>
    public int DriverFallbacksPerDay { get; set; } = 5;

    /// <summary>How long a driver grain holds a budget unit for an entry whose outcome has not arrived (a package that failed to write).</summary>
    public int DriverReservationSeconds { get; set; } = 60;

    /// <summary>How long a driver grain may keep budget counts only in memory before writing them (when nothing else writes first).</summary>
    public double DriverBudgetFlushSeconds { get; set; } = 1;

    /// <summary>Support's signals list a driver whose wrong entries are at least this share of their entries that day...</summary>
    public double SignalWrongEntryRate { get; set; } = 0.3;

    /// <summary>...once they made at least this many entries.</summary>
    public int SignalMinEntries { get; set; } = 5;

    /// <summary>Support's signals list a driver whose fallback deliveries are at least this share of their deliveries that day.</summary>
    public double SignalFallbackShare { get; set; } = 0.2;

    /// <summary>
    /// The shipper that owns packages registered before ownership was recorded; none by default, so
    /// such packages answer 404 to every shipper (they still move through stations, drivers and support).
    /// </summary>
    public string? LegacyPackageOwner { get; set; }
    public int MaxFailedDays { get; set; } = 3;
    public int MissingReportsToFlag { get; set; } = 2;
    public int MissingReportWindowDays { get; set; } = 90;
    public int FlagDays { get; set; } = 180;
    public int ReliabilityWindowDays { get; set; } = 28;
    public int ExcuseWindowDays { get; set; } = 7;

    /// <summary>
    /// How many days after today a route or an itinerary may be dated; dates run from yesterday to this many
    /// days ahead. Judged on the UTC calendar: every station's local today lies within a day of the UTC date,
    /// so a station's today is always inside the window, and nothing downstream meets a date near the ends of time.
    /// </summary>
    public int MaxDaysAhead { get; set; } = 30;

    /// <summary>How many days of past routes a driver's record keeps for the itinerary.</summary>
    public int RouteHistoryDays { get; set; } = 7;

    /// <summary>
    /// A driver event delivered later than this after it happened is not counted: the driver grain
    /// remembers each package only this long, so it could not tell such an event from a replay.
    /// Normally events arrive within seconds; this only matters after a longer cluster outage.
    /// </summary>
    public int LateDriverEventHours { get; set; } = 24;

    /// <summary>How long a package remembers a request it acted on, so a retry acts once: a driver command's first answer is replayed, a re-send or reissue is not repeated. Covers a delivery day.</summary>
    public int IdempotencyRetentionHours { get; set; } = 48;

    /// <summary>Whether <paramref name="date"/> is from yesterday to <see cref="MaxDaysAhead"/> days after today (UTC) at <paramref name="now"/>.</summary>
    public bool IsInDateWindow(DateOnly date, DateTimeOffset now)
    {
        // Day numbers, not AddDays: no arithmetic here can leave DateOnly's range.
        var today = DateOnly.FromDateTime(now.UtcDateTime).DayNumber;
        return date.DayNumber >= today - 1 && (long)date.DayNumber <= (long)today + MaxDaysAhead;
    }

    /// <summary>The oldest UTC day a driver's record still keeps at <paramref name="now"/>: the reliability window, today included.</summary>
    public DateOnly FirstKeptDay(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - ReliabilityWindowDays);

    public bool IsInDeliveryWindow(TimeOnly localTime) =>
        localTime >= DeliveryWindowStart && localTime < DeliveryWindowEnd;
}
