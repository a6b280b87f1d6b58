using System.Security.Claims;

namespace OtpGrains.Gateway.Apis;

/// <summary>
/// What every handler needs, bound with <c>[AsParameters]</c>: the grains, the retrying call path,
/// the dates a request may name, the caller, and the request's cancellation.
/// </summary>
public sealed record GatewayServices(IGrainFactory Grains, ClusterCalls Calls, DateWindow Dates, ClaimsPrincipal User, CancellationToken Aborted)
{
    /// <summary>The caller's id (the token's <c>sub</c>).</summary>
    public string Subject => User.SubjectOf();

    /// <summary>One grain call, retried through transient cluster faults within the gateway's budget.</summary>
    public Task<T> Call<T>(Func<IGrainFactory, Task<T>> call) => Calls.Run(() => call(Grains), Aborted);
}
