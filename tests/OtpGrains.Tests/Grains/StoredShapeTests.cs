using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OtpGrains.Domain.Codes;
using OtpGrains.Silo;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Grains;

/// <summary>
/// Stored state is a contract with every row already in the database: these pin its JSON, so a
/// renamed member, a reordered enum or a computed property that starts being stored fails here first.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredShapeTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 27);

    private static PackageState Package() => new()
    {
        Registration = new Registration("C-1", new SealedText("k1", [13, 14, 15]), new KeyedDigest("k1", [1, 2, 3]), new Money(120000, "USD"), "computers", "S1", false,
            new KeyedDigest("k1", [4, 5, 6]), At, Shipper: "SH-1"),
        Status = PackageStatus.OutForDelivery,
        OtpReasons = [OtpReason.HighValue, OtpReason.Category],
        Code = new IssuedCode(1, "k1", [7, 8, 9], [10, 11, 12], At),
        Day = new DeliveryDay(Day, "R-1", "D-1", new TimeOnly(13, 0), new TimeOnly(20, 0), PackageStatus.Shipped) { WrongEntries = 1 },
        FailedDays = [new FailedDay(Day.AddDays(-1), "D-1", UndeliverableReason.CustomerUnavailable, false, At.AddDays(-1), At, "PKG-1#2") { ReturnedAt = At.AddHours(-4) }],
        Requests = ImmutableDictionary<string, AnsweredRequest>.Empty.Add("D-1\nk1",
            new AnsweredRequest(DriverCommandKind.Code, new DriverReply("PKG-1", PackageStatus.OutForDelivery, AttemptOutcome.WrongCode, 2), At)),
        Audit = [new AuditEntry(At, "driver:D-1", "attempt", "WrongCode", "code")],
        Outbox =
        [
            new OutboxMessage("PKG-1#4", new DriverEvent("PKG-1#4", "D-1", DriverEventKind.Assigned, At, "PKG-1", Sequence: 4)),
            new OutboxMessage("PKG-1#5", Email: new EmailNotice(EmailKind.CodeIssued, 1)),
            new OutboxMessage("PKG-1#6", new DriverEvent("PKG-1#6", "D-1", DriverEventKind.WrongEntry, At, "PKG-1", ViaFallback: true, Sequence: 6, Reservation: "res-1")),
        ],
        EventSequence = 6,
        ReissueDate = Day,
        ReissueCount = 1,
    };

    private const string PackageJson =
        """
        {"Registration":{"CustomerId":"C-1","SealedEmail":{"KeyId":"k1","Bytes":"DQ4P"},"PhoneLastTwo":{"KeyId":"k1","Hash":"AQID"},"DeclaredValue":{"AmountMinor":120000,"Currency":"USD"},"Category":"computers","StationId":"S1","Fingerprint":{"KeyId":"k1","Hash":"BAUG"},"RegisteredAt":"2026-11-27T12:00:00+00:00","Shipper":"SH-1"},"Status":"OutForDelivery","OtpReasons":["HighValue","Category"],"Code":{"Generation":1,"KeyId":"k1","Hash":"BwgJ","Sealed":"CgsM","IssuedAt":"2026-11-27T12:00:00+00:00"},"Day":{"Date":"2026-11-27","RouteId":"R-1","DriverId":"D-1","BlockStart":"13:00:00","BlockEnd":"20:00:00","StatusBefore":"Shipped","WrongEntries":1},"FailedDays":[{"Date":"2026-11-26","DriverId":"D-1","Reason":"CustomerUnavailable","At":"2026-11-26T12:00:00+00:00","ReturnBy":"2026-11-27T12:00:00+00:00","FailureEventId":"PKG-1#2","ReturnedAt":"2026-11-27T08:00:00+00:00"}],"Replies":{"D-1\nk1":{"Kind":"Code","Reply":{"TrackingId":"PKG-1","Status":"OutForDelivery","Outcome":"WrongCode","AttemptsLeft":2},"At":"2026-11-27T12:00:00+00:00"}},"Audit":[{"At":"2026-11-27T12:00:00+00:00","Actor":"driver:D-1","Action":"attempt","Outcome":"WrongCode","Method":"code"}],"Outbox":[{"Id":"PKG-1#4","DriverEvent":{"EventId":"PKG-1#4","DriverId":"D-1","Kind":"Assigned","At":"2026-11-27T12:00:00+00:00","TrackingId":"PKG-1","Sequence":4}},{"Id":"PKG-1#5","Email":{"Kind":"CodeIssued","CodeGeneration":1}},{"Id":"PKG-1#6","DriverEvent":{"EventId":"PKG-1#6","DriverId":"D-1","Kind":"WrongEntry","At":"2026-11-27T12:00:00+00:00","TrackingId":"PKG-1","ViaFallback":true,"Sequence":6,"Reservation":"res-1"}}],"EventSequence":6,"ReissueDate":"2026-11-27","ReissueCount":1}
        """;

    private static DriverLedger Ledger() => new()
    {
        Days = ImmutableSortedDictionary<DateOnly, DriverDay>.Empty.Add(Day, new DriverDay
        {
            Assigned = 2,
            Delivered = 1,
            Undeliverable = ImmutableDictionary<UndeliverableReason, int>.Empty.Add(UndeliverableReason.AccessProblem, 1),
        }),
        Routes = [new DriverRoute(Day, "S1", "R-1")],
        Latest = ImmutableSortedDictionary<DateOnly, ImmutableSortedDictionary<string, long>>.Empty.Add(Day,
            ImmutableSortedDictionary<string, long>.Empty.Add("PKG-1", 4).Add("PKG-2", 3)),
        Budget = new AttemptBudget
        {
            LastHour = [new CountedEntry(At, Fallback: true)],
            Days = ImmutableSortedDictionary<DateOnly, EntryDay>.Empty.Add(Day, new EntryDay { Entries = 2, WrongEntries = 1, FallbackEntries = 1, HourlyRefusals = 1, Indexed = true }),
        },
    };

    private const string LedgerJson =
        """
        {"Days":{"2026-11-27":{"Assigned":2,"Delivered":1,"Undeliverable":{"AccessProblem":1}}},"Routes":[{"Date":"2026-11-27","StationId":"S1","RouteId":"R-1"}],"Latest":{"2026-11-27":{"PKG-1":4,"PKG-2":3}},"Budget":{"LastHour":[{"At":"2026-11-27T12:00:00+00:00","Fallback":true}],"Days":{"2026-11-27":{"Entries":2,"WrongEntries":1,"FallbackEntries":1,"HourlyRefusals":1,"Indexed":true}}}}
        """;

    [Fact]
    public void Package_state_is_stored_with_enum_names_and_no_computed_members()
    {
        Assert.Equal(PackageJson, StoredShapes.Serialize(Package()));
    }

    [Fact]
    public void Driver_ledger_is_stored_with_enum_names_and_counts_that_are_not_zero()
    {
        Assert.Equal(LedgerJson, StoredShapes.Serialize(Ledger()));
    }

    [Fact]
    public void The_silo_stores_state_exactly_so()
    {
        var silo = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();

        // The package state is over the compression threshold: its stored bytes open to exactly that JSON.
        var package = silo.Serialize(Package()).ToArray();
        Assert.Equal(CompressedStateSerializer.Brotli, package[0]);
        Assert.Equal(PackageJson, Encoding.UTF8.GetString(CompressedStateSerializer.Open(package).Span));
        Assert.Equal(LedgerJson, silo.Serialize(Ledger()).ToString());
    }

    [Fact]
    public void Large_states_are_stored_compressed_small_ones_as_plain_json_and_both_read_back()
    {
        var silo = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();

        var package = silo.Serialize(Package());
        Assert.True(package.ToMemory().Length * 2 < Encoding.UTF8.GetByteCount(PackageJson), $"{package.ToMemory().Length} bytes stored for {PackageJson.Length} of JSON");
        Assert.Equal(PackageJson, StoredShapes.Serialize(silo.Deserialize<PackageState>(package)));

        // Small states stay readable JSON, and rows written before compression (JSON of any size) still read.
        Assert.True(LedgerJson.Length < CompressedStateSerializer.Threshold);
        Assert.Equal('{', (char)silo.Serialize(Ledger()).ToMemory().Span[0]);
        Assert.Equal(PackageJson, StoredShapes.Serialize(silo.Deserialize<PackageState>(BinaryData.FromString(PackageJson))));
    }

    [Fact]
    public void A_damaged_compressed_state_is_refused_not_read_as_empty()
    {
        var silo = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();
        var stored = silo.Serialize(Package()).ToArray();

        var truncated = stored[..(stored.Length / 2)];
        Assert.Throws<InvalidDataException>(() => silo.Deserialize<PackageState>(new BinaryData(truncated)));
        var wrongLength = (byte[])stored.Clone();
        wrongLength[1] ^= 0x10;
        Assert.Throws<InvalidDataException>(() => silo.Deserialize<PackageState>(new BinaryData(wrongLength)));
    }

    [Fact]
    public void Rows_stored_before_enum_names_still_read()
    {
        // What the storage wrote before: enums as numbers, the computed OtpRequired and ReturnedOnTime, defaults written out.
        var before = new Orleans.Serialization.SystemTextJsonGrainStorageSerializerOptions();
        var old = new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(before)).Serialize(Package()).ToString()
            .Replace("\"EventSequence\":6", "\"EventSequence\":6,\"OtpRequired\":true,\"MissingReported\":false", StringComparison.Ordinal)
            .Replace("\"ReturnedAt\"", "\"ReturnedOnTime\":true,\"ReturnedAt\"", StringComparison.Ordinal);
        Assert.Contains("\"Status\":2", old, StringComparison.Ordinal);

        Assert.Equal(PackageJson, StoredShapes.Serialize(StoredShapes.Deserialize<PackageState>(old)));
    }

    [Fact]
    public void Rows_stored_before_addresses_were_sealed_still_read_and_are_stored_sealed_once_the_package_seals_them()
    {
        // What the storage wrote before: the address in plain text in the registration and in every queued e-mail.
        var old = PackageJson
            .Replace("\"SealedEmail\":{\"KeyId\":\"k1\",\"Bytes\":\"DQ4P\"}", "\"CustomerEmail\":\"c1@example.com\"", StringComparison.Ordinal)
            .Replace("\"Kind\":\"CodeIssued\",", "\"Kind\":\"CodeIssued\",\"To\":\"c1@example.com\",", StringComparison.Ordinal);
        Assert.Contains("\"CustomerEmail\":\"c1@example.com\"", old, StringComparison.Ordinal);
        Assert.Contains("\"To\":\"c1@example.com\"", old, StringComparison.Ordinal);
        var vault = new CodeVault(new OtpKeyRing(new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, "k1"));
        var context = Context(At, vault);

        var read = StoredShapes.Deserialize<PackageState>(old);
        var sealedState = ShippingRules.SealStoredEmail(read, context);

        Assert.Equal("c1@example.com", read.Registration!.PlainEmail);
        Assert.Equal(new EmailNotice(EmailKind.CodeIssued, 1), read.Outbox[1].Email);
        Assert.Equal("c1@example.com", sealedState.Registration!.OpenEmail(vault, "PKG-1"));
        var stored = StoredShapes.Serialize(sealedState);
        Assert.DoesNotContain("c1@", stored, StringComparison.Ordinal);
        // Apart from the sealed bytes (a fresh nonce each time) it is exactly today's shape.
        var sealedEmail = sealedState.Registration.SealedEmail!;
        Assert.Equal(PackageJson, stored.Replace(
            $"\"SealedEmail\":{{\"KeyId\":\"k1\",\"Bytes\":\"{Convert.ToBase64String(sealedEmail.Bytes)}\"}}", "\"SealedEmail\":{\"KeyId\":\"k1\",\"Bytes\":\"DQ4P\"}", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_stored_with_the_customer_flag_on_the_delivery_day_still_read_and_keep_it_on_the_package()
    {
        // What the storage wrote before: the flag learned when the route was built, on the delivery day.
        var old = PackageJson.Replace("\"StatusBefore\":\"Shipped\"", "\"StatusBefore\":\"Shipped\",\"CustomerFlagged\":true", StringComparison.Ordinal);
        Assert.NotEqual(PackageJson, old);

        var read = StoredShapes.Deserialize<PackageState>(old);
        var upgraded = StoredPackage.CarryCustomerFlag(read);

        Assert.True(read.Day!.StoredCustomerFlag);
        Assert.True(upgraded.CustomerFlagged);
        Assert.Equal(PackageJson.Replace("\"ReissueCount\":1}", "\"ReissueCount\":1,\"CustomerFlagged\":true}", StringComparison.Ordinal), StoredShapes.Serialize(upgraded));
    }

    [Fact]
    public void Rows_stored_with_request_ids_in_a_list_of_their_own_still_read_and_keep_them_with_the_other_requests()
    {
        // What the storage wrote before: gateway request ids apart from the drivers' commands, with no time.
        var old = PackageJson.Replace("\"EventSequence\":6,", "\"EventSequence\":6,\"RecentRequests\":[\"r-1\"],", StringComparison.Ordinal);
        Assert.NotEqual(PackageJson, old);
        var context = Context(At.AddHours(1), new CodeVault(new OtpKeyRing(new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, "k1")));

        var read = StoredShapes.Deserialize<PackageState>(old);
        var upgraded = StoredPackage.CarryRecentRequests(read, context);

        Assert.Equal(["r-1"], read.StoredRecentRequests!);
        Assert.Null(upgraded.StoredRecentRequests);
        Assert.Equal(new AnsweredRequest(null, null, At.AddHours(1)), upgraded.Requests["r-1"]);
        Assert.Equal(PackageJson, StoredShapes.Serialize(upgraded with { Requests = upgraded.Requests.Remove("r-1") }));
        Assert.Equal("{\"At\":\"2026-11-27T13:00:00+00:00\"}", StoredShapes.Serialize(upgraded.Requests["r-1"]));
    }

    [Fact]
    public void Grains_keep_the_grain_types_their_rows_and_reminders_are_stored_under()
    {
        // Orleans' default is the class name, lower case, without "Grain"; a renamed class pins its first one.
        var resolver = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Orleans.Metadata.GrainTypeResolver>();
        Assert.Equal("stationday", resolver.GetGrainType(typeof(OtpGrains.Grains.Indexes.FailedPackagesGrain)).ToString());
        Assert.Equal("failureday", resolver.GetGrainType(typeof(OtpGrains.Grains.Indexes.FailedStationsGrain)).ToString());

        Assert.Equal("stationday", fixture.Grains.GetGrain<IFailedPackagesGrain>("S1/2026-11-27").GetGrainId().Type.ToString());
        Assert.Equal("failureday", fixture.Grains.GetGrain<IFailedStationsGrain>("2026-11-27").GetGrainId().Type.ToString());
        Assert.Equal("driverday", fixture.Grains.GetGrain<IDriverDayGrain>("2026-11-27").GetGrainId().Type.ToString());
        Assert.Equal("package", fixture.Grains.GetGrain<IPackageGrain>("PKG-1").GetGrainId().Type.ToString());
        Assert.Equal("driver", fixture.Grains.GetGrain<IDriverGrain>("D-1").GetGrainId().Type.ToString());
        Assert.Equal("customer", fixture.Grains.GetGrain<ICustomerGrain>("C-1").GetGrainId().Type.ToString());
        Assert.Equal("route", fixture.Grains.GetGrain<IRouteGrain>("S1/R-1").GetGrainId().Type.ToString());
    }

    [Fact]
    public void A_reference_by_key_names_the_grain_and_interface_that_Orleans_own_lookup_names()
    {
        foreach (var key in new[] { "S1/2026-11-27", "PKG-2" })
        {
            SameReference<IPackageGrain>(key);
            SameReference<OtpGrains.Grains.Packages.IPackageEmailReceipts>(key);
            SameReference<IDriverGrain>(key);
            SameReference<ICustomerGrain>(key);
            SameReference<IRouteGrain>(key);
            SameReference<IDriverDayGrain>(key);
            SameReference<IFailedPackagesGrain>(key);
            SameReference<IFailedStationsGrain>(key);
        }
    }

    private void SameReference<T>(string key) where T : IGrainWithStringKey
    {
        var expected = (GrainReference)(object)fixture.Grains.GetGrain<T>(key);
        var actual = (GrainReference)(object)fixture.Grains.Reference<T>(key);
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.InterfaceType, actual.InterfaceType);
        Assert.IsAssignableFrom<T>(actual);
    }

    [Fact]
    public void Stored_ledger_of_a_busy_driver_stays_under_8_kB()
    {
        // 60 days of 100 stops: each assigned in the morning, delivered or (one in ten) failed in the
        // afternoon, a route a day; tracking ids as long as the gateway's test ids.
        var ledger = new DriverLedger();
        var start = new DateTimeOffset(TestClock.Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var day = 0; day < 60; day++)
        {
            var morning = start.AddDays(day).AddHours(7);
            var afternoon = morning.AddHours(7);
            ledger = ledger.AddRoute(new DriverRoute(DateOnly.FromDateTime(morning.UtcDateTime), "STATION-1", $"R-{day:D4}-{Guid.NewGuid():N}"[..16]), DateOnly.FromDateTime(morning.UtcDateTime), new DeliveryPolicy());
            for (var stop = 0; stop < 100; stop++)
            {
                var trackingId = $"PKG-{day:D4}{stop:D4}abcd";
                ledger = ledger.Record(Numbered(trackingId, 3, DriverEventKind.Assigned, morning), morning, LedgerPolicy);
                var done = stop % 10 == 0
                    ? Numbered(trackingId, 5, DriverEventKind.Undeliverable, afternoon, UndeliverableReason.CustomerUnavailable)
                    : Numbered(trackingId, 5, DriverEventKind.Delivered, afternoon);
                ledger = ledger.Record(done, afternoon, LedgerPolicy);
            }
        }

        var stored = StoredShapes.Serialize(ledger);
        Assert.True(stored.Length < 8 * 1024, $"the stored ledger is {stored.Length} bytes");
        Assert.Equal(28 * 90, ledger.Report("D-1", start.AddDays(59).AddHours(20), LedgerPolicy).Delivered);
    }

    private static readonly DeliveryPolicy LedgerPolicy = new();

    private static DeliveryContext Context(DateTimeOffset now, CodeVault vault) =>
        new("PKG-1", now, new DeliveryPolicy(), new OtpGrains.Domain.Stations.StationDirectory(new OtpGrains.Domain.Stations.StationOptions(), new Dictionary<string, OtpGrains.Domain.Stations.StationOptions>()), vault);

    private static DriverEvent Numbered(string trackingId, long sequence, DriverEventKind kind, DateTimeOffset at, UndeliverableReason? reason = null) =>
        new($"{trackingId}#{sequence}", "D-1", kind, at, trackingId, reason, Sequence: sequence);
}
