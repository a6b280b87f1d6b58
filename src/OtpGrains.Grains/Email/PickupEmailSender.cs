using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OtpGrains.Grains.Email;

/// <summary>
/// Writes each message as its own <c>.eml</c> file in the pickup folder, for development and for
/// relays that collect files. A file appears complete or not at all.
/// </summary>
public sealed partial class PickupEmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<PickupEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions settings = options.Value;

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        var now = timeProvider.GetUtcNow();
        var mime = OutgoingMime.Create(message, settings.From, now);

        var directory = Path.GetFullPath(settings.PickupDirectory);
        Directory.CreateDirectory(directory);

        // The timestamp keeps a folder listing in sending order; the GUID makes the name unique.
        var name = $"{now:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}";
        var finalPath = Path.Combine(directory, name + ".eml");

        // A reader watching for *.eml must never pick up half a message, so write under another
        // extension in the same folder (same volume, so the rename is atomic) and rename when done.
        var temporaryPath = Path.Combine(directory, name + ".tmp");
        try
        {
            await using (var stream = new FileStream(
                temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await mime.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, finalPath);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }

        LogWritten(logger, OutgoingMime.RecipientDomain(message.To), message.Subject, Path.GetFileName(finalPath));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure is what the caller needs to see; a stray .tmp file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Wrote email for {RecipientDomain} with subject {Subject} to pickup file {FileName}")]
    private static partial void LogWritten(ILogger logger, string recipientDomain, string subject, string fileName);
}
