namespace OtpGrains.Tests.Rules;

public sealed class BlockAdviceTests
{
    private static readonly DeliveryPolicy Policy = new();

    private static ImmutableList<string> Advice(bool otp, int startHour, int startMinute, int endHour, int endMinute) =>
        BlockAdvice.For(otp, new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute), Policy);

    [Fact]
    public void Otp_stop_in_a_block_starting_before_eight_warns_of_an_early_block()
    {
        var warning = Assert.Single(Advice(true, 7, 59, 12, 0));

        Assert.StartsWith(BlockAdvice.EarlyBlock, warning, StringComparison.Ordinal);
        Assert.Contains("end of the block", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Otp_stop_in_a_block_ending_after_nine_pm_warns_of_a_late_block()
    {
        var warning = Assert.Single(Advice(true, 15, 0, 21, 1));

        Assert.StartsWith(BlockAdvice.LateBlock, warning, StringComparison.Ordinal);
        Assert.Contains("start of the block", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Otp_stop_in_a_block_spanning_the_whole_window_gets_both_warnings()
    {
        var warnings = Advice(true, 3, 0, 23, 0);

        Assert.Equal(2, warnings.Count);
        Assert.StartsWith(BlockAdvice.EarlyBlock, warnings[0], StringComparison.Ordinal);
        Assert.StartsWith(BlockAdvice.LateBlock, warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Otp_stop_in_a_block_inside_friendly_hours_gets_no_warning()
    {
        Assert.Empty(Advice(true, 8, 0, 21, 0));
    }

    [Fact]
    public void Stop_without_a_code_gets_no_warning_even_in_an_early_late_block()
    {
        Assert.Empty(Advice(false, 3, 0, 23, 0));
    }
}
