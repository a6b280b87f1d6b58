using OtpGrains.Grains.Packages;

namespace OtpGrains.Grains.Email;

/// <summary>
/// Sends a package's emails outside the package grain's turn, so a slow or stalled relay never holds
/// up a driver at the door. The package hands over an email it has just rendered (the code exists only
/// in this process's memory, never in storage) and keeps the notice in its persisted outbox until this
/// courier reports back: sent, and the package drops the notice; not sent, and the package retries.
/// A few sends run at once so that one stalled connection does not queue every other package behind it.
/// </summary>
public sealed partial class EmailCourier(IEmailSender sender, IGrainFactory grains, ILogger<EmailCourier> logger)
{
    /// <summary>Sends at most this many emails at the same time per silo.</summary>
    public const int Lanes = 8;

    private readonly SemaphoreSlim lanes = new(Lanes);

    /// <summary>Starts sending and returns at once; the outcome goes to <see cref="IPackageEmailReceipts.EmailSent"/>.</summary>
    public void Carry(string trackingId, string messageId, EmailMessage email, CancellationToken cancellationToken) =>
        // Off the grain's scheduler: the send must not run as part of any grain turn.
        _ = Task.Run(() => CarryAsync(trackingId, messageId, email, cancellationToken), CancellationToken.None);

    private async Task CarryAsync(string trackingId, string messageId, EmailMessage email, CancellationToken cancellationToken)
    {
        var sent = false;
        try
        {
            await lanes.WaitAsync(cancellationToken);
            try
            {
                await sender.SendAsync(email, cancellationToken);
                sent = true;
            }
            finally
            {
                lanes.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The package replaced the code meanwhile; it will not render this notice again.
        }
        catch (Exception exception)
        {
            LogNotSent(logger, trackingId, exception.GetType().Name);
        }

        try
        {
            await grains.Reference<IPackageEmailReceipts>(trackingId).EmailSent(messageId, sent);
        }
        catch (Exception exception)
        {
            // The notice stays in the package's outbox: an unsent one is retried by its reminder, a sent
            // one may go out again when the package reactivates, with the same Message-ID.
            LogReceiptLost(logger, trackingId, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Package {TrackingId}: an email could not be handed to the relay ({Error}); the package retries")]
    private static partial void LogNotSent(ILogger logger, string trackingId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Package {TrackingId}: could not report an email's outcome to the package ({Error})")]
    private static partial void LogReceiptLost(ILogger logger, string trackingId, string error);
}
