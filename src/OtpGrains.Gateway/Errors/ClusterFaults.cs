using System.Data.Common;
using Orleans.Runtime;
using Polly.Timeout;

namespace OtpGrains.Gateway.Errors;

/// <summary>Which exceptions mean "the cluster or its storage cannot answer now" (503, retry later).</summary>
public static class ClusterFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // SiloUnavailableException, OrleansMessageRejectionException, ConnectionToClusterLostException,
        // GatewayTooBusyException, InconsistentStateException and storage failures surfacing from a
        // grain's activation are all OrleansExceptions.
        OrleansException => true,
        TimeoutException => true,
        TimeoutRejectedException => true,
        DbException => true,
        _ => false,
    };
}
