namespace OtpGrains.Gateway.Hosting;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewaySettings
{
    public const string Section = "Gateway";

    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>
    /// How long one request may keep retrying a grain call through transient cluster faults before it
    /// answers 503. Long enough to ride out a silo failover, short enough for a driver at the door.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    public static GatewaySettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new GatewaySettings();
        if (section["Mode"] is { Length: > 0 } mode)
            options.Mode = Enum.TryParse<GatewayMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"Gateway:Mode must be {GatewayMode.Embedded} or {GatewayMode.Client}, not '{mode}'.");
        if (section["RetryBudget"] is { Length: > 0 } budget)
            options.RetryBudget = TimeSpan.TryParse(budget, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
                ? parsed
                : throw new InvalidOperationException($"Gateway:RetryBudget must be a positive time span such as 00:00:10, not '{budget}'.");
        return options;
    }
}
