namespace OtpGrains.Redelivery;

/// <summary>One station's failures on one date: the unit of work the job finds in the index grains.</summary>
public sealed record StationDay(string StationId, DateOnly Date);
