using System.Globalization;

namespace OtpGrains.LoadGen;

/// <summary>The load generator's command line; every option has a bounded default.</summary>
public sealed record LoadSettings(
    Uri Gateway,
    TimeSpan Duration,
    double RequestsPerSecond,
    int Workers,
    int StopsPerRoute,
    int Drivers,
    TimeZoneInfo StationTimeZone,
    string? EventsFile,
    string OutputDirectory,
    string RunId,
    TimeSpan SettleTimeout)
{
    public const string Usage =
        "usage: dotnet run --project deploy/local/loadgen -- [--gateway URL] [--duration SECONDS] [--rate REQUESTS_PER_SECOND]\n" +
        "       [--workers N] [--stops N] [--drivers N] [--time-zone IANA_ID] [--events FILE] [--out DIR] [--settle SECONDS]";

    /// <summary>Longest run accepted: the machine is shared, so a load test always ends by itself.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);

    public static LoadSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--option value', got '{name}'.");
            values[name[2..]] = args[++i];
        }

        string Take(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        double Number(string name, double fallback, double min, double max)
        {
            var text = Take(name, fallback.ToString(CultureInfo.InvariantCulture));
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
                throw new ArgumentException($"--{name} must be a number from {min} to {max}, not '{text}'.");
            return n;
        }

        var gateway = Take("gateway", "http://127.0.0.1:5080");
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var gatewayUri) || !gatewayUri.IsLoopback)
            throw new ArgumentException($"--gateway must be an absolute loopback URL (load goes to this machine only), not '{gateway}'.");
        var zone = Take("time-zone", "UTC");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var timeZone))
            throw new ArgumentException($"--time-zone '{zone}' is not a known IANA time zone.");

        var settings = new LoadSettings(
            gatewayUri,
            TimeSpan.FromSeconds(Number("duration", 180, 10, MaxDuration.TotalSeconds)),
            Number("rate", 25, 1, 500),
            (int)Number("workers", 8, 1, 64),
            (int)Number("stops", 4, 1, 20),
            (int)Number("drivers", 100, 1, 10_000),
            timeZone,
            values.Remove("events", out var events) ? events : null,
            Take("out", ".local/scale-test"),
            Take("run-id", "L" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(Number("settle", 60, 1, 600)));
        if (values.Count > 0) throw new ArgumentException($"unknown option --{values.Keys.First()}.");
        return settings;
    }
}
