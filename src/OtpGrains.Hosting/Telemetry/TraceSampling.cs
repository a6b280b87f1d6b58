using System.Globalization;
using OpenTelemetry.Trace;

namespace OtpGrains.Hosting.Telemetry;

/// <summary>
/// The trace sampler from the standard <c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c>
/// settings. The default is <c>parentbased_traceidratio</c> with ratio <see cref="DefaultRatio"/>: a
/// request that arrives with a sampled parent is always traced, and one in ten new traces is kept.
/// </summary>
public static class TraceSampling
{
    public const string SamplerKey = "OTEL_TRACES_SAMPLER";
    public const string ArgumentKey = "OTEL_TRACES_SAMPLER_ARG";
    public const double DefaultRatio = 0.1;

    private static readonly string[] Names =
        ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

    /// <exception cref="InvalidOperationException">The sampler name or its ratio cannot be read.</exception>
    public static Sampler Read(IConfiguration configuration)
    {
        var name = configuration[SamplerKey] is { Length: > 0 } configured ? configured.Trim().ToLowerInvariant() : "parentbased_traceidratio";
        return name switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(Ratio(configuration)),
            "parentbased_always_on" => new ParentBasedSampler(new AlwaysOnSampler()),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(Ratio(configuration))),
            _ => throw new InvalidOperationException($"{SamplerKey} must be one of {string.Join(", ", Names)}, not '{configuration[SamplerKey]}'."),
        };
    }

    private static double Ratio(IConfiguration configuration)
    {
        var text = configuration[ArgumentKey];
        if (string.IsNullOrWhiteSpace(text)) return DefaultRatio;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new InvalidOperationException($"{ArgumentKey} must be a ratio from 0 to 1 such as 0.25, not '{text}'.");
    }
}
