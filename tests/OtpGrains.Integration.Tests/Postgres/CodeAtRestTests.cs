using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;
using OtpGrains.Silo;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Postgres;

/// <summary>Whoever gets a copy of the database gets no code, no phone number and no e-mail address from it.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class CodeAtRestTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Phone = "+1 555 867 5309";
    private const string PhoneDigits = "15558675309";

    // Not derived from the customer id, which is stored in plain text on purpose.
    private readonly string mailbox = $"ada.{Guid.NewGuid():N}"[..16];

    private string Address => $"{mailbox}@mail.example";

    [Fact]
    public async Task A_pg_dump_holds_no_issued_code_no_phone_number_and_no_email_address_in_readable_form()
    {
        var time = new SettableTime(TestClock.Noon);
        await using var cluster = await PostgresClusters.StartAsync(database, time, $"dump-{Guid.NewGuid():N}");
        var deliveries = new Deliveries(cluster.Client);
        var codes = new HashSet<string>();
        var customer = Deliveries.NewId("C");
        var driver = Deliveries.NewId("D");
        var registration = Deliveries.Laptop(customer) with { CustomerPhone = Phone, CustomerEmail = Address };

        var trackingId = await deliveries.OutForDelivery(registration, driver);
        var package = deliveries.Package(trackingId);
        codes.Add(await deliveries.Code(trackingId, customer));
        Assert.True((await package.ResendCode(customer, fresh: true, "r1")).IsOk);
        codes.Add(await deliveries.Code(trackingId, customer));
        Assert.True((await package.ReissueCode("agent-1", "r2")).IsOk);
        codes.Add(await deliveries.Code(trackingId, customer));
        var wrong = Deliveries.WrongCode(await deliveries.Code(trackingId, customer));
        var fallback = await package.HandleDriverCommand(new DriverCommand(DriverCommandKind.Fallback, driver, "f1", "00"));
        Assert.Equal(AttemptOutcome.WrongCode, fallback.Outcome);
        for (var i = 0; i < 2; i++) await package.HandleDriverCommand(Deliveries.Entry(driver, wrong));
        Assert.Equal(PackageStatus.OtpLocked, (await package.GetStop(driver))!.Status);
        await package.HandleDriverCommand(new DriverCommand(DriverCommandKind.Undeliverable, driver, "u", Reason: UndeliverableReason.OtpLocked));
        Assert.True((await package.ScanReturn(Deliveries.Station)).IsOk);
        Assert.Equal(RedeliveryOutcome.ScheduledWithNewCode, (await package.ScheduleRedelivery(TestClock.Today)).Value);
        codes.Add(await deliveries.Code(trackingId, customer));

        // A second package delivered with its code: the handover must not leave the code behind either.
        var other = await deliveries.OutForDelivery(Deliveries.Laptop(customer) with { CustomerPhone = Phone, CustomerEmail = Address }, driver);
        var otherCode = await deliveries.Code(other, customer);
        codes.Add(otherCode);
        Assert.Equal(AttemptOutcome.Delivered, (await deliveries.Package(other).HandleDriverCommand(Deliveries.Entry(driver, otherCode))).Outcome);
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

        // The e-mails went out, to the registered address, and none of it stayed behind.
        // (An e-mail whose code was replaced before it went out is dropped unsent, so only some of the first package's are certain.)
        Assert.NotEmpty(SentFor(trackingId));
        Assert.NotEmpty(SentFor(other));
        Assert.All(SentFor(trackingId).Concat(SentFor(other)), e => Assert.Equal(Address, e.To));
        Assert.DoesNotContain(mailbox, dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mail.example", dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_row_stored_with_the_plain_address_still_emails_it_and_its_next_write_stores_it_sealed()
    {
        var time = new SettableTime(TestClock.Noon);
        var serviceId = $"plain-{Guid.NewGuid():N}";
        var customer = Deliveries.NewId("C");
        string trackingId, code;
        await using (var cluster = await PostgresClusters.StartAsync(database, time, serviceId))
        {
            var deliveries = new Deliveries(cluster.Client);
            trackingId = await deliveries.Shipped(Deliveries.Laptop(customer) with { CustomerEmail = Address });
            code = await deliveries.Code(trackingId, customer);
            await Eventually.True(async () => !PendingEmail().IsMatch(await PackageRowAsync(trackingId)));
        }

        // The row as it was stored before addresses were sealed: the address in the registration and in
        // a queued e-mail (a resend of the current code that had not gone out yet).
        var row = JsonNode.Parse(await PackageRowAsync(trackingId))!.AsObject();
        var stored = row["Registration"]!.AsObject();
        Assert.True(stored.Remove("SealedEmail"));
        stored["CustomerEmail"] = Address;
        var sequence = row["EventSequence"]!.GetValue<long>() + 1;
        row["EventSequence"] = sequence;
        (row["Outbox"] ??= new JsonArray()).AsArray().Add(new JsonObject
        {
            ["Id"] = $"{trackingId}#{sequence}",
            ["Email"] = new JsonObject { ["Kind"] = "CodeResent", ["To"] = Address, ["CodeGeneration"] = 1 },
        });
        const string write = "UPDATE orleans_grain_state SET payload = convert_to(@json, 'UTF8') WHERE grain_id_extension = @id AND grain_type LIKE '%package%'";
        Assert.Equal(1, await database.ExecuteAsync(write, ("json", row.ToJsonString()), ("id", trackingId)));

        await using (var cluster = await PostgresClusters.StartAsync(database, time, serviceId))
        {
            var deliveries = new Deliveries(cluster.Client);
            Assert.Equal(code, await deliveries.Code(trackingId, customer));

            await Eventually.True(() => Task.FromResult(SentFor(trackingId).Any(e => e.Subject.Contains("sent again", StringComparison.Ordinal))));
            var resent = SentFor(trackingId).Single(e => e.Subject.Contains("sent again", StringComparison.Ordinal));
            Assert.Equal(Address, resent.To);
            Assert.Contains(code, resent.Body, StringComparison.Ordinal);
            // Sending it is a write (the notice leaves the outbox), and that write seals the address.
            await Eventually.True(async () => !PendingEmail().IsMatch(await PackageRowAsync(trackingId)));
            var sealedRow = await PackageRowAsync(trackingId);
            Assert.Contains("\"SealedEmail\"", sealedRow, StringComparison.Ordinal);
            Assert.DoesNotContain(mailbox, sealedRow, StringComparison.OrdinalIgnoreCase);

            // And the sealed address is the one the next e-mail goes to.
            Assert.True((await deliveries.Package(trackingId).ResendCode(customer, fresh: false, "r1")).IsOk);
            await Eventually.True(() => Task.FromResult(SentFor(trackingId).Count(e => e.Subject.Contains("sent again", StringComparison.Ordinal)) == 2));
            Assert.All(SentFor(trackingId), e => Assert.Equal(Address, e.To));
        }
    }

    // The row's JSON, whether the silo stored it compressed or (as the old-shape row above) plain.
    private async Task<string> PackageRowAsync(string trackingId) => Encoding.UTF8.GetString(CompressedStateSerializer.Open(
        await database.ScalarAsync<byte[]>("SELECT payload FROM orleans_grain_state WHERE grain_id_extension = @id AND grain_type LIKE '%package%'", ("id", trackingId))).Span);

    /// <summary>The e-mails about <paramref name="trackingId"/> in the clusters' pickup folder.</summary>
    private static List<(string To, string Subject, string Body)> SentFor(string trackingId)
    {
        var folder = ClusterFixture.Configuration()["Email:PickupDirectory"]!;
        if (!Directory.Exists(folder)) return [];
        // The folder is shared by every PostgreSQL test (and kept between runs), so only files naming the package are parsed.
        return Directory.GetFiles(folder, "*.eml")
            .Where(file => File.ReadAllText(file).Contains(trackingId, StringComparison.Ordinal))
            .Select(file => MimeMessage.Load(file))
            .Where(m => m.Subject?.Contains(trackingId, StringComparison.Ordinal) == true)
            .Select(m => (m.To.Mailboxes.Single().Address, m.Subject!, m.TextBody ?? ""))
            .ToList();
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
