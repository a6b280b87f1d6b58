using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;
using OtpGrains.Hosting.Telemetry;

namespace OtpGrains.Tests.Telemetry;

public sealed class TraceSamplingTests
{
    [Fact]
    public void Without_settings_a_tenth_of_new_traces_are_sampled_and_a_sampled_parent_is_always_followed()
    {
        var sampler = TraceSampling.Read(Settings());

        Assert.IsType<ParentBasedSampler>(sampler);
        Assert.Contains("TraceIdRatioBasedSampler{0.100000}", sampler.Description, StringComparison.Ordinal);
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(new SamplingParameters(sampledParent, sampledParent.TraceId, "request", ActivityKind.Server)).Decision);
    }

    [Theory]
    [InlineData("always_on", null, "AlwaysOnSampler")]
    [InlineData("always_off", null, "AlwaysOffSampler")]
    [InlineData("traceidratio", "0.25", "TraceIdRatioBasedSampler{0.250000}")]
    [InlineData("parentbased_always_on", null, "ParentBased{AlwaysOnSampler}")]
    [InlineData("PARENTBASED_TRACEIDRATIO", "1", "ParentBased{TraceIdRatioBasedSampler{1.000000}}")]
    public void The_standard_sampler_settings_choose_the_sampler(string name, string? argument, string description) =>
        Assert.Equal(description, TraceSampling.Read(Settings((TraceSampling.SamplerKey, name), (TraceSampling.ArgumentKey, argument))).Description);

    [Theory]
    [InlineData("sometimes", null, "OTEL_TRACES_SAMPLER must be one of")]
    [InlineData("traceidratio", "1.5", "OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1")]
    [InlineData("parentbased_traceidratio", "half", "OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1")]
    public void A_sampler_setting_that_cannot_be_read_stops_the_process_with_one_line(string name, string? argument, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TraceSampling.Read(Settings((TraceSampling.SamplerKey, name), (TraceSampling.ArgumentKey, argument))));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
