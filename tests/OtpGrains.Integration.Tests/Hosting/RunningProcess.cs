using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OtpGrains.Tests.Hosting;

/// <summary>
/// A real executable left running (a silo, a gateway; see <see cref="BuiltProcess.StartInfo"/>) with its
/// last lines of output kept for diagnosis. Dispose kills it if it is still running.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private int disposed;

    private RunningProcess(Process process) => this.process = process;

    public bool HasExited => disposed == 1 || process.HasExited;

    /// <summary>The last lines the process printed (stdout and stderr), for a failing test's message.</summary>
    public string Console => string.Join('\n', lines.TakeLast(40));

    /// <summary>Every line still kept (the last 200), for checks over the whole output.</summary>
    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    public static RunningProcess Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var running = new RunningProcess(process);
        process.OutputDataReceived += (_, e) => running.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => running.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>SIGKILL: no graceful shutdown, nothing flushed.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }

    /// <summary>
    /// SIGTERM, what an orchestrator sends first: the process should shut down and exit by itself.
    /// /bin/kill rather than a libc P/Invoke keeps the tests free of native interop; .NET itself has no
    /// managed way to send a signal other than SIGKILL.
    /// </summary>
    public void Terminate()
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add("-TERM");
        start.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {process.Id} exited with {kill.ExitCode}.");
    }

    /// <summary>Waits for the process to exit (and its output to be read); false if it is still running after <paramref name="budget"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan budget)
    {
        using var timeout = new CancellationTokenSource(budget);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lines.Enqueue(line);
        while (lines.Count > 200) lines.TryDequeue(out _);
    }
}
