using System.Text.Json;

namespace OtpGrains.LoadGen;

/// <summary>What the audit trails and driver records say against what the generator was told.</summary>
public sealed record ReconciliationResult(
    int Packages,
    int AcknowledgedAttempts,
    int UnknownAttempts,
    int AuditedAttempts,
    int LostAttempts,
    int DoubledAttempts,
    int DeliveredNotDelivered,
    int Drivers,
    int LostDriverEvents,
    int DoubledDriverEvents,
    List<string> Findings);

/// <summary>
/// After the load: every package's support audit trail must hold exactly one "attempt" line per
/// acknowledged entry (lost: fewer; doubled: more than were ever sent), and every driver's record
/// must count each routed package and each acknowledged delivery exactly once (the outbox is
/// eventually consistent, so the driver records are polled until they settle or time runs out).
/// </summary>
public sealed class Reconciliation(GatewayClient gateway, TimeSpan settleTimeout)
{
    public async Task<ReconciliationResult> RunAsync(IReadOnlyCollection<PackageLedger> ledger, CancellationToken ct)
    {
        var support = await gateway.TokenAsync("support", "A-LOAD", ct);
        var findings = new List<string>();
        int audited = 0, lost = 0, doubled = 0, notDelivered = 0;
        foreach (var package in ledger.Where(p => !p.Attempts.IsEmpty))
        {
            var view = await Read($"/v1/support/packages/{package.TrackingId}", support, ct);
            var attempts = view.GetProperty("audit").EnumerateArray().Count(a => a.GetProperty("action").GetString() == "attempt");
            audited += attempts;
            if (attempts < package.Acknowledged)
            {
                lost += package.Acknowledged - attempts;
                findings.Add($"{package.TrackingId}: {package.Acknowledged} entries acknowledged, {attempts} in the audit trail");
            }
            if (attempts > package.Attempts.Count)
            {
                doubled += attempts - package.Attempts.Count;
                findings.Add($"{package.TrackingId}: {package.Attempts.Count} entries sent, {attempts} in the audit trail");
            }
            if (package.DeliveredAcknowledged && view.GetProperty("status").GetString() != "Delivered")
            {
                notDelivered++;
                findings.Add($"{package.TrackingId}: delivery acknowledged, status {view.GetProperty("status").GetString()}");
            }
        }

        var drivers = ledger.Where(p => p.Routed).GroupBy(p => p.DriverId)
            .ToDictionary(g => g.Key, g => (Assigned: g.Count(), Delivered: g.Count(p => p.DeliveredAcknowledged)));
        var (lostEvents, doubledEvents, driverFindings) = await SettleDrivers(drivers, support, ct);
        findings.AddRange(driverFindings);

        return new ReconciliationResult(ledger.Count, ledger.Sum(p => p.Acknowledged), ledger.Sum(p => p.Unknown), audited, lost, doubled,
            notDelivered, drivers.Count, lostEvents, doubledEvents, findings);
    }

    private async Task<(int Lost, int Doubled, List<string> Findings)> SettleDrivers(
        Dictionary<string, (int Assigned, int Delivered)> expected, string token, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + settleTimeout;
        while (true)
        {
            int lost = 0, doubled = 0;
            var findings = new List<string>();
            foreach (var (driver, want) in expected)
            {
                var record = await Read($"/v1/drivers/{driver}/reliability", token, ct);
                foreach (var (field, wanted) in new[] { ("assigned", want.Assigned), ("delivered", want.Delivered) })
                {
                    var got = record.GetProperty(field).GetInt32();
                    if (got == wanted) continue;
                    if (got < wanted) lost += wanted - got; else doubled += got - wanted;
                    findings.Add($"{driver}: {field} {got}, expected {wanted}");
                }
            }
            // Too many counts never heal; too few may still be on their way through an outbox.
            if (lost == 0 || DateTime.UtcNow > deadline) return (lost, doubled, findings);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private async Task<JsonElement> Read(string path, string token, CancellationToken ct)
    {
        var result = await gateway.CallAsync("GET " + path, () => GatewayClient.Request(HttpMethod.Get, path, token),
            (status, _) => status == 200 ? null : "unreadable", ct, record: false);
        return result.Ok ? result.Body : throw new InvalidOperationException($"reconciliation could not read {path}: {result.Failure}");
    }
}
