namespace OtpGrains.Gateway.Hosting;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>
    /// How long one request may keep retrying a grain call through transient cluster faults before it
    /// answers 503. Long enough to ride out a silo failover, short enough for a driver at the door.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one try of a grain call may take before it is abandoned and sent again. A call stuck on a
    /// silo that was just killed is retried (and lands on a live silo once the dead one is declared dead)
    /// instead of waiting out the whole budget. Grain calls answer in milliseconds; 3 s is far above that.
    /// </summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The per-try timeout that applies: never longer than the whole budget.</summary>
    public TimeSpan EffectiveTryTimeout => TryTimeout < RetryBudget ? TryTimeout : RetryBudget;

    /// <summary>Binds and validates the section; the mode is needed before the host is built, so it is read at once.</summary>
    public static GatewayMode AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOtpOptions<GatewayOptions>(configuration, Section)
            .Validate(s => Enum.IsDefined(s.Mode), $"{Section}:Mode must be {GatewayMode.Embedded} or {GatewayMode.Client}.")
            .Validate(s => s.RetryBudget > TimeSpan.Zero, $"{Section}:RetryBudget must be a positive time span such as 00:00:10.")
            .Validate(s => s.TryTimeout > TimeSpan.Zero, $"{Section}:TryTimeout must be a positive time span such as 00:00:03.");
        var mode = configuration.GetSection(Section)["Mode"];
        if (string.IsNullOrEmpty(mode)) return GatewayMode.Embedded;
        return Enum.TryParse<GatewayMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(mode, out _)
            ? parsed
            : throw new MisconfigurationException($"{Section}:Mode must be {GatewayMode.Embedded} or {GatewayMode.Client}, not '{mode}'.");
    }
}
