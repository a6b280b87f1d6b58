using System.Text;
using System.Text.RegularExpressions;
using OtpGrains.Silo;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>Whoever gets a copy of the database gets no code and no phone number from it.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class CodeAtRestTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Phone = "+1 555 867 5309";
    private const string PhoneDigits = "15558675309";

    [Fact]
    public async Task A_pg_dump_holds_no_issued_code_and_no_phone_number_in_readable_form()
    {
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"dump-{Guid.NewGuid():N}");
        var deliveries = new Deliveries(cluster.Client);
        var codes = new HashSet<string>();
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var registration = Deliveries.Laptop(customer) with { CustomerPhone = Phone };

        var trackingId = await deliveries.OutForDelivery(registration, driver);
        var package = deliveries.Package(trackingId);
        codes.Add(await deliveries.Code(trackingId, customer));
        Assert.True((await package.ResendCode(customer, fresh: true, "r1")).IsOk);
        codes.Add(await deliveries.Code(trackingId, customer));
        Assert.True((await package.ReissueCode("agent-1", "r2")).IsOk);
        codes.Add(await deliveries.Code(trackingId, customer));
        var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
        var fallback = await package.Drive(new DriverCommand(DriverCommandKind.Fallback, driver, "f1", "00"));
        Assert.Equal(AttemptOutcome.WrongCode, fallback.Outcome);
        for (var i = 0; i < 2; i++) await package.Drive(Deliveries.Entry(driver, wrong));
        Assert.Equal(PackageStatus.OtpLocked, (await package.GetStop(driver))!.Status);
        await package.Drive(new DriverCommand(DriverCommandKind.Undeliverable, driver, "u", Reason: UndeliverableReason.OtpLocked));
        Assert.True((await package.ScanReturn(Deliveries.Station)).IsOk);
        Assert.Equal(RedeliveryOutcome.ScheduledWithNewCode, (await package.ScheduleRedelivery(TestClock.Today)).Value);
        codes.Add(await deliveries.Code(trackingId, customer));

        // A second package delivered with its code: the handover must not leave the code behind either.
        var other = await deliveries.OutForDelivery(Deliveries.Laptop(customer) with { CustomerPhone = Phone }, driver);
        var otherCode = await deliveries.Code(other, customer);
        codes.Add(otherCode);
        Assert.Equal(AttemptOutcome.Delivered, (await deliveries.Package(other).Drive(Deliveries.Entry(driver, otherCode))).Outcome);
        Assert.True(codes.Count >= 4, $"expected several distinct codes, got {codes.Count}");
        // E-mails go out in later turns and leave the stored outbox with a write of their own once sent
        // (other delivered messages wait for the package's next write), so the dump is taken once no
        // e-mail notice is pending: whatever was rendered for sending has had its chance to leak.
        var dump = "";
        await Eventually.True(async () => !PendingEmail().IsMatch(dump = Readable(await DumpAsync())));
        Assert.Contains(trackingId, dump);
        // The grain state (bytea) was decoded, so its JSON is searched as text too.
        Assert.Contains("EventSequence", dump, StringComparison.OrdinalIgnoreCase);

        foreach (var code in codes)
        {
            Assert.False(Regex.IsMatch(dump, $"(?<!\\d){code}(?!\\d)"), "an issued code is readable in the database dump");
        }

        Assert.DoesNotContain(Phone, dump);
        Assert.False(Regex.IsMatch(dump.Replace(" ", "").Replace("-", ""), $"(?<!\\d)1?{PhoneDigits[1..]}(?!\\d)"), "the phone number is readable in the database dump");
    }

    private async Task<string> DumpAsync()
    {
        var settings = database.Settings;
        var result = await PostgresServer.RunAsOwnerAsync(
            "pg_dump",
            ["-h", settings.Host!, "-p", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", settings.Username!, "-d", database.Name, "--no-owner"],
            new Dictionary<string, string> { ["PGPASSWORD"] = settings.Password ?? "" });
        return result.EnsureSuccess("pg_dump").Output;
    }

    // pg_dump writes bytea (the grain state) as hex; decode every such value (and open the compressed
    // ones) so that JSON text inside is searched as text, and drop the hex itself, whose digit runs
    // would only give false alarms.
    private static string Readable(string dump) =>
        ByteaHex().Replace(dump, m => " " + Encoding.UTF8.GetString(CompressedStateSerializer.Open(Convert.FromHexString(m.Groups[1].Value)).Span) + " ");

    [GeneratedRegex(@"""Email""\s*:\s*\{", RegexOptions.IgnoreCase)]
    private static partial Regex PendingEmail();

    [GeneratedRegex(@"\\{1,2}x((?:[0-9a-f]{2})+)")]
    private static partial Regex ByteaHex();
}
