namespace OtpGrains.Redelivery;

/// <summary>The job could not join the cluster; its message is the one line the console prints.</summary>
public sealed class ClusterUnreachableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
