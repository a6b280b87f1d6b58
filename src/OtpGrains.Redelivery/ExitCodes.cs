namespace OtpGrains.Redelivery;

/// <summary>The job's exit codes, for the scheduler that runs it.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments or configuration (System.CommandLine also answers parse errors with 1).</summary>
    public const int BadArguments = 1;

    /// <summary>No gateway answered within the connect timeout, or the cluster was lost during the run; run it again.</summary>
    public const int ClusterUnreachable = 2;

    /// <summary>The run finished but some packages could not be handled; running it again is safe and retries them.</summary>
    public const int PackagesFailed = 3;
}
