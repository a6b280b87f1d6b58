using OtpGrains.Domain.Codes;
using OtpGrains.Domain.Stations;

namespace OtpGrains.Domain.Packages;

/// <summary>What a rule decided: the next state (the same instance when nothing changed) and the answer.</summary>
public sealed record Decision<T>(PackageState State, T Reply, bool Changed)
{
    public static Decision<T> Unchanged(PackageState state, T reply) => new(state, reply, false);
}

/// <summary>Everything a rule may consult besides the state: the package id, the clock's reading, the policy, the station and the vault.</summary>
public sealed record DeliveryContext(
    string TrackingId,
    DateTimeOffset Now,
    DeliveryPolicy Policy,
    StationDirectory Stations,
    CodeVault Vault)
{
    public StationCalendar StationOf(PackageState state) =>
        Stations.For(state.Registration?.StationId ?? throw new InvalidOperationException("The package is not registered."));
}
