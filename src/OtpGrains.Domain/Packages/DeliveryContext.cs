using OtpGrains.Domain.Codes;
using OtpGrains.Domain.Stations;

namespace OtpGrains.Domain.Packages;

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
