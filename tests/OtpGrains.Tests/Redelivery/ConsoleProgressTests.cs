using OtpGrains.Redelivery;

namespace OtpGrains.Tests.Redelivery;

public sealed class ConsoleProgressTests
{
    private static StationSummary At(int scheduled, int of) => new("S9", new DateOnly(2027, 3, 1), of, scheduled, 0, 0, 0, 0, 0);

    [Fact]
    public void Finished_station_keeps_one_line_and_a_late_snapshot_does_not_redraw_it()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer);

        progress.Report(At(0, 3));
        progress.Report(At(3, 3));
        progress.Report(At(2, 3)); // an older snapshot from a slower worker

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.EndsWith("S9 2027-03-01: 3/3 done, scheduled 3 (new codes 0), returned to shipper 0, not returned 0, already handled 0", lines[0]);
    }
}
