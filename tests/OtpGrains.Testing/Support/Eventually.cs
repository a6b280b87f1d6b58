namespace OtpGrains.Tests.Support;

/// <summary>Waits for something an outbox delivers after the answer, failing the test when it never comes.</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The condition did not become true in time.");
            await Task.Delay(25);
        }
    }
}
