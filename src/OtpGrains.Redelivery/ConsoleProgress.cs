using System.Diagnostics;

namespace OtpGrains.Redelivery;

/// <summary>
/// Progress on an interactive terminal: each station's line is redrawn in place while its packages are
/// handled (at most ten times a second) and left standing when the station is done.
/// </summary>
public sealed class ConsoleProgress(TextWriter writer) : IProgress<StationSummary>
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly HashSet<StationDay> finished = [];
    private long lastDraw;
    private int lastLength;

    public void Report(StationSummary value)
    {
        lock (gate)
        {
            // Reports arrive from parallel workers, so an older snapshot may come after the final one.
            var day = new StationDay(value.StationId, value.Date);
            if (finished.Contains(day)) return;
            if (!value.IsComplete && Stopwatch.GetElapsedTime(lastDraw) < RedrawInterval) return;

            var line = SummaryText.Line(value);
            writer.Write('\r');
            writer.Write(line.PadRight(lastLength));
            lastDraw = Stopwatch.GetTimestamp();
            lastLength = line.Length;
            if (value.IsComplete)
            {
                finished.Add(day);
                writer.WriteLine();
                lastLength = 0;
            }

            writer.Flush();
        }
    }
}
