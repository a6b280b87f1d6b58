using Microsoft.Extensions.Configuration;
using OtpGrains.Domain.Codes;
using OtpGrains.Domain.Stations;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Rules;

/// <summary>
/// One package walked through the rules with a movable clock: register, ship, assign, act at the
/// door. Each step applies the rule's decision to <see cref="State"/>, so a test reads as the
/// package's story and asserts only on the step it is about.
/// </summary>
public sealed class PackageScenario
{
    /// <summary>The default station (UTC, Monday to Saturday).</summary>
    public const string Station = "LCY1";
    public const string Kolkata = "BLR1";
    public const string NewYork = "NYC1";
    public const string London = "LON1";
    /// <summary>UTC, Monday to Saturday, with Monday 2026-11-30 a holiday.</summary>
    public const string HolidayStation = "HOL1";

    public const string Driver = "D-1";
    public const string Customer = "C-1";
    public const string Phone = "+1 (415) 555-0142";
    public const string PhoneLastTwo = "42";
    public const string Route = "R-1";

    public static readonly byte[] KeyV1 = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly byte[] KeyV2 = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    public static readonly StationDirectory Stations = new(
        new StationOptions(),
        new Dictionary<string, StationOptions>
        {
            [Kolkata] = new() { TimeZone = "Asia/Kolkata" },
            [NewYork] = new() { TimeZone = "America/New_York" },
            [London] = new() { TimeZone = "Europe/London" },
            [HolidayStation] = new() { Holidays = [new DateOnly(2026, 11, 30)] },
        });

    public PackageScenario(string trackingId = "PKG-1", CodeVault? vault = null)
    {
        TrackingId = trackingId;
        Vault = vault ?? new CodeVault(RingV1());
    }

    public string TrackingId { get; }
    public CodeVault Vault { get; }
    public DeliveryPolicy Policy { get; } = new();
    public DateTimeOffset Now { get; set; } = TestClock.Noon;
    public PackageState State { get; set; } = new();

    public DeliveryContext Ctx => new(TrackingId, Now, Policy, Stations, Vault);

    /// <summary>Sets one policy number the way configuration does: <c>Policy:{key}</c> bound onto <see cref="Policy"/>.</summary>
    public PackageScenario WithPolicy(string key, string value)
    {
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Policy:{key}"] = value }).Build()
            .GetSection("Policy").Bind(Policy);
        return this;
    }

    /// <summary>The plain current code, as the tracking page would show it.</summary>
    public string Code => Vault.Reveal(State.Code ?? throw new InvalidOperationException("No code was issued."), TrackingId);

    public static OtpKeyRing RingV1() => new(new Dictionary<string, byte[]> { ["v1"] = KeyV1 }, "v1");

    public static RegisterPackage Order(
        long amountMinor = 100_00,
        string currency = "USD",
        string category = "books",
        string station = Station,
        bool requireOtp = false,
        string customer = Customer) =>
        new(customer, "c1@example.com", Phone, new Money(amountMinor, currency), category, station, requireOtp);

    /// <summary>A shipper-requested OTP package out for delivery today with <see cref="Driver"/>.</summary>
    public static PackageScenario OtpOutForDelivery(string station = Station, long amountMinor = 100_00, string currency = "USD", bool flagged = false) =>
        new PackageScenario().Register(Order(amountMinor, currency, station: station, requireOtp: true)).Ship().Assign(flagged: flagged);

    /// <summary>A package that needs no code, out for delivery today with <see cref="Driver"/>.</summary>
    public static PackageScenario PlainOutForDelivery() =>
        new PackageScenario().Register(Order()).Ship().Assign();

    public static DateTimeOffset LocalInstant(string station, DateOnly date, int hour, int minute) =>
        Stations.For(station).ToInstant(date, new TimeOnly(hour, minute));

    public DateOnly LocalToday => Stations.For(State.Registration?.StationId ?? Station).LocalDate(Now);

    public PackageScenario Register(RegisterPackage order, bool flagged = false)
    {
        var decision = ShippingRules.Register(State, order, flagged, Ctx);
        Assert.True(decision.Reply.IsOk, decision.Reply.Detail);
        State = decision.State;
        return this;
    }

    public PackageScenario Ship(bool flagged = false)
    {
        var decision = ShippingRules.Ship(State, flagged, Ctx);
        Assert.True(decision.Reply.IsOk, decision.Reply.Detail);
        State = decision.State;
        return this;
    }

    public PackageScenario Assign(string driver = Driver, DateOnly? date = null, string route = Route, bool flagged = false) =>
        Apply(StopRules.Assign(State, Stop(driver, date ?? LocalToday, route), flagged, Ctx));

    public StopAssignment Stop(string driver = Driver, DateOnly? date = null, string route = Route, int startHour = 8, int endHour = 20) =>
        new(State.Registration!.StationId, route, driver, date ?? LocalToday, new TimeOnly(startHour, 0), new TimeOnly(endHour, 0));

    /// <summary>Runs a driver command now and keeps its resulting state.</summary>
    public Decision<DriverReply> Drive(DriverCommand command)
    {
        var decision = DoorstepRules.Handle(State, command, Ctx);
        State = decision.State;
        return decision;
    }

    public Decision<DriverReply> EnterCode(string code, string key, string driver = Driver, string? recipient = null) =>
        Drive(new DriverCommand(DriverCommandKind.Code, driver, key, code, recipient));

    public Decision<DriverReply> EnterFallback(string digits, string key, string driver = Driver) =>
        Drive(new DriverCommand(DriverCommandKind.Fallback, driver, key, digits, "Neighbour"));

    public Decision<DriverReply> MarkUndeliverable(UndeliverableReason reason, string key, string driver = Driver) =>
        Drive(new DriverCommand(DriverCommandKind.Undeliverable, driver, key, Reason: reason));

    /// <summary>A six-digit entry that is not the current code.</summary>
    public string WrongCode() => Code == "000000" ? "111111" : "000000";

    /// <summary>Three wrong entries: the package is locked for the day.</summary>
    public PackageScenario Lock()
    {
        for (var i = 1; i <= Policy.AttemptsPerDay; i++) EnterCode(WrongCode(), $"lock-{State.FailedDays.Count}-{i}");
        Assert.Equal(PackageStatus.OtpLocked, State.Status);
        return this;
    }

    /// <summary>The day fails: marked undeliverable now and scanned back on time the next morning.</summary>
    public PackageScenario FailAndReturn(UndeliverableReason reason = UndeliverableReason.CustomerUnavailable)
    {
        var failed = MarkUndeliverable(reason, $"fail-{State.FailedDays.Count}");
        Assert.Null(failed.Reply.Fault);
        Now = LocalInstant(State.Registration!.StationId, State.Day!.Date.AddDays(1), 7, 0);
        return Apply(ReturnRules.ScanReturn(State, State.Registration.StationId, Ctx));
    }

    /// <summary>The morning job for the last failed day; on a redelivery, the new day starts at noon.</summary>
    public Decision<Result<RedeliveryOutcome>> RunRedelivery() =>
        Keep(ReturnRules.ScheduleRedelivery(State, State.FailedDays[^1].Date, Ctx));

    /// <summary>Goes out again on the scheduled redelivery day at noon station time.</summary>
    public PackageScenario GoOutOnRedeliveryDay(string driver = Driver)
    {
        var date = State.RedeliveryDate!.Value;
        Now = LocalInstant(State.Registration!.StationId, date, 12, 0);
        return Assign(driver, date, $"R-{date:MMdd}");
    }

    public IEnumerable<DriverEvent> DriverEvents =>
        State.Outbox.Select(m => m.DriverEvent).OfType<DriverEvent>();

    private PackageScenario Apply<T>(Decision<Result<T>> decision)
    {
        Assert.True(decision.Reply.IsOk, decision.Reply.Detail);
        State = decision.State;
        return this;
    }

    private Decision<Result<T>> Keep<T>(Decision<Result<T>> decision)
    {
        State = decision.State;
        return decision;
    }
}
