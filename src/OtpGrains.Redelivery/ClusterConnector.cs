namespace OtpGrains.Redelivery;

/// <summary>
/// Joins the cluster for one run, given the <c>--Key=Value</c> settings from the command line;
/// throws <see cref="ClusterUnreachableException"/> when no gateway answers in time.
/// </summary>
public delegate Task<RedeliveryCluster> ClusterConnector(IReadOnlyList<string> settings, CancellationToken cancellationToken);
