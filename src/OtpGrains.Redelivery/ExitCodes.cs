namespace OtpGrains.Redelivery;

/// <summary>The job's exit codes, for the scheduler that runs it.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments: an unknown option, a malformed value (System.CommandLine also answers parse errors with 1).</summary>
    public const int BadArguments = 1;

    /// <summary>A setting is missing, invalid or misspelled; the same code as the silo and the gateway.</summary>
    public const int Misconfigured = Misconfiguration.ExitCode;

    /// <summary>The run finished but some packages could not be handled; running it again is safe and retries them.</summary>
    public const int PackagesFailed = 3;

    /// <summary>No gateway answered within the connect timeout, or the cluster was lost during the run; run it again.</summary>
    public const int ClusterUnreachable = 4;
}
