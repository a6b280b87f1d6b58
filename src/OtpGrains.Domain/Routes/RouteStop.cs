namespace OtpGrains.Domain.Routes;

[GenerateSerializer, Immutable, Alias("otpgrains.RouteStop")]
public sealed record RouteStop(
    [property: Id(0)] string TrackingId,
    [property: Id(1)] bool OtpRequired,
    [property: Id(2)] ImmutableList<string> Warnings);
