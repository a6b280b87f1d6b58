namespace OtpGrains.Tests.Postgres;

/// <summary>A driver attempt the cluster answered: which key, what it said, and how many tries it took.</summary>
public sealed record AcknowledgedAttempt(string TrackingId, int Round, string Key, DriverReply Reply, TimeSpan AnsweredAt, int FailedTries);
