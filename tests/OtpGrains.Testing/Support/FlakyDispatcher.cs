using Microsoft.Extensions.DependencyInjection;
using OtpGrains.Grains.Email;
using OtpGrains.Grains.Packages;
using OtpGrains.Grains.Hosting;

namespace OtpGrains.Tests.Support;

/// <summary>
/// The real outbox dispatcher with faults on demand: it can fail before delivering (the receiver
/// never heard of it) or after (the receiver counted it but the acknowledgement was lost).
/// </summary>
public sealed class FlakyDispatcher
{
    private int failBefore;
    private int failAfter;

    public int Attempts;

    public void FailNextBeforeDelivery(int times) => Interlocked.Exchange(ref failBefore, times);

    public void FailNextAfterDelivery(int times) => Interlocked.Exchange(ref failAfter, times);

    public void Install(IServiceCollection services, IEmailSender emails)
    {
        services.AddSingleton<IEmailSender>(emails);
        services.AddSingleton<IOutboxDispatcher>(sp => new Decorator(this, new OutboxDispatcher(sp.GetRequiredService<IGrainFactory>())));
    }

    private sealed class Decorator(FlakyDispatcher faults, OutboxDispatcher inner) : IOutboxDispatcher
    {
        public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref faults.Attempts);
            if (message.DriverEvent is not null && Interlocked.Decrement(ref faults.failBefore) >= 0)
                throw new TimeoutException("injected: the driver grain did not answer");
            await inner.DeliverAsync(message, cancellationToken);
            if (message.DriverEvent is not null && Interlocked.Decrement(ref faults.failAfter) >= 0)
                throw new TimeoutException("injected: the acknowledgement was lost");
        }
    }
}
