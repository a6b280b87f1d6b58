using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OtpGrains.Benchmarks.Load;

/// <summary>One package prepared for a round: shipped (and, for attempts, on a route), with its code as the customer reads it.</summary>
public sealed record Parcel(string TrackingId, string CustomerId, string Station, string Code)
{
    public string DriverId { get; set; } = "";
    public string RouteId { get; set; } = "";

    public string Wrong => Code == "000000" ? "111111" : "000000";
}

/// <summary>What one timed round produced.</summary>
public sealed record RoundResult(string System, bool IsPeer, string Scenario, int Concurrency, int Ops, int Requests, double Seconds,
    double P50, double P99, double Max, Usage Usage, string Note)
{
    public double OpsPerSecond => Ops / Seconds;
    public double WritesPerOp => (IsPeer ? Usage.RowWrites : Usage.StateWrites) / (double)Ops;
    public double WalPerOp => Usage.WalBytes / (double)Ops;
    public double CpuPerOp(string process) => Usage.CpuMs.TryGetValue(process, out var ms) ? ms / Ops : 0;
    public double PostgresPerOp => Usage.PostgresCpuMs / Ops;
    public double TotalCpuPerOp => (Usage.CpuMs.Values.Sum() + Usage.PostgresCpuMs) / Ops;
}

/// <summary>
/// The timed scenarios. Set-up (register, ship, read the code, build routes) happens before each
/// round's meters start; every answer of the timed part is checked, status and body.
/// </summary>
public sealed class Scenarios(Meters meters, DateOnly today)
{
    private const string Shipper = "SH-BENCH";
    private static readonly string[] BlockTimes = ["12:00", "20:00"];
    private int round;

    public string Today => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Registers and ships <paramref name="count"/> packages and reads each code from the tracking page.</summary>
    public async Task<Parcel[]> Ship(Api api, string prefix, int count, string station)
    {
        var parcels = Enumerable.Range(0, count).Select(i => new Parcel($"{prefix}-{i}", $"C-{prefix}-{i}", station, "")).ToArray();
        if (api.System.IsPeer)
        {
            foreach (var chunk in parcels.Chunk(500))
            {
                var answer = await api.Send(HttpMethod.Post, "/bench/packages", "shipper", Shipper,
                    chunk.Select(p => new { p.TrackingId, p.CustomerId, StationId = station, PhoneLastTwo = "42", FallbackAllowed = true }).ToArray());
                if (!api.Check(answer.Status == HttpStatusCode.OK, "set-up", answer)) throw new InvalidOperationException("set-up failed");
            }
        }
        else
        {
            await Parallel.ForEachAsync(parcels, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, _) =>
            {
                // Set-up only: an overloaded machine may answer 503 (safe to repeat: an identical
                // registration is 200, a repeated ship issues nothing new). The timed part never retries.
                Answer registered = default!, shipped = default!;
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    registered = await api.Send(HttpMethod.Put, $"/v1/packages/{p.TrackingId}", "shipper", Shipper, new
                    {
                        p.CustomerId, CustomerEmail = $"{p.CustomerId}@example.com", CustomerPhone = "+1 555 0100 42",
                        DeclaredValue = new { AmountMinor = 150000, Currency = "USD" }, Category = "computers", StationId = station,
                    });
                    if ((int)registered.Status >= 500) continue;
                    shipped = await api.Send(HttpMethod.Post, $"/v1/packages/{p.TrackingId}/ship", "shipper", Shipper);
                    if ((int)shipped.Status < 500) break;
                }
                if (!api.Check(registered.Status is HttpStatusCode.Created or HttpStatusCode.OK && shipped?.Status == HttpStatusCode.OK, "set-up register/ship", (int)registered.Status >= 300 ? registered : shipped!))
                    throw new InvalidOperationException("set-up failed");
            });
        }

        var withCodes = new Parcel[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var p = parcels[i];
            var view = await api.Send(HttpMethod.Get, $"/v1/customer/packages/{p.TrackingId}", "customer", p.CustomerId);
            var code = view.Str("otp");
            if (!api.Check(view.Status == HttpStatusCode.OK && view.Str("status") == "Shipped" && code.Length == 6, "set-up tracking read", view))
                throw new InvalidOperationException("set-up failed");
            withCodes[i] = p with { Code = code };
        });
        return withCodes;
    }

    /// <summary>Puts <paramref name="stops"/> on one route of driver <paramref name="driverId"/>, checking the answer.</summary>
    public async Task<Answer> BuildRoute(Api api, string routeId, string driverId, IReadOnlyList<Parcel> stops)
    {
        var station = stops[0].Station;
        var answer = await api.Send(HttpMethod.Put, $"/v1/stations/{station}/routes/{routeId}", "station", station, new
        {
            DriverId = driverId, Date = Today, BlockStart = BlockTimes[0], BlockEnd = BlockTimes[1], TrackingIds = stops.Select(s => s.TrackingId).ToArray(),
        });
        var ok = answer.Status == HttpStatusCode.OK && answer.Str("routeId") == routeId && answer.Str("driverId") == driverId
            && answer.Body.GetProperty("stops").GetArrayLength() == stops.Count
            && answer.Body.GetProperty("stops").EnumerateArray().All(s => s.GetProperty("otpRequired").GetBoolean() && s.GetProperty("warnings").GetArrayLength() == 0);
        api.Check(ok, "route build", answer);
        foreach (var s in stops) (s.DriverId, s.RouteId) = (driverId, routeId);
        return answer;
    }

    /// <summary>(a) Two wrong codes and the right one per package, C callers; ops are counted attempts.</summary>
    public async Task<RoundResult> Attempts(Api api, int concurrency, int packages)
    {
        var id = $"A{Interlocked.Increment(ref round)}{(api.System.IsPeer ? "p" : "o")}{concurrency}";
        var parcels = await Ship(api, id, packages, "S-A");
        const int stops = 20;
        await Parallel.ForEachAsync(parcels.Chunk(stops).Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (r, _) => await BuildRoute(api, $"R-{id}-{r.i}", $"D-{id}-{r.i}", r.c));

        // Drivers work their routes stop by stop, side by side: the callers take the first stop of every
        // route, then every second stop, and so on, so C callers are at the doors of C different drivers
        // (while there are that many routes), as on a real delivery day.
        var doors = parcels.Select((p, i) => (p, i)).OrderBy(x => x.i % stops).ThenBy(x => x.i / stops).Select(x => x.p).ToArray();
        var next = -1;
        return await Timed(api, "a", concurrency, packages * 3, "", async latencies =>
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < doors.Length)
                {
                    var p = doors[i];
                    for (var n = 0; n < 3; n++)
                    {
                        var answer = await Attempt(api, p, n < 2 ? p.Wrong : p.Code, $"k{n}");
                        latencies.Add(answer.Milliseconds);
                        if (n < 2) ExpectAttempt(api, answer, "WrongCode", "OutForDelivery", 1 - n + 1);
                        else ExpectAttempt(api, answer, "Delivered", "Delivered", 1);
                    }
                }
            }));
            return parcels.Length * 3;
        });
    }

    /// <summary>(c) Ten thousand concurrent wrong entries on one package: exactly three count, the rest are 423.</summary>
    public async Task<RoundResult> Contended(Api api, Api wide, int callers)
    {
        var id = $"C{Interlocked.Increment(ref round)}{(api.System.IsPeer ? "p" : "o")}";
        var parcel = (await Ship(api, id, 1, "S-C"))[0];
        await BuildRoute(api, $"R-{id}", $"D-{id}", [parcel]);
        return await Timed(wide, "c", callers, callers, "", async latencies =>
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, callers).Select(n => Attempt(wide, parcel, parcel.Wrong, $"h{n}")));
            foreach (var a in answers) latencies.Add(a.Milliseconds);
            var counted = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
            var locked = answers.Count(a => a.Status == (HttpStatusCode)423 && a.Str("code") == "otp-locked");
            var left = counted.Select(a => a.Int("attemptsLeft")).Order().ToList();
            var ok = counted.Count == 3 && locked == callers - 3 && left.SequenceEqual([0, 1, 2])
                && counted.Single(a => a.Int("attemptsLeft") == 0).Str("outcome") == "Locked"
                && counted.Count(a => a.Str("outcome") == "WrongCode") == 2;
            wide.Check(ok, $"contended: {counted.Count} counted, {locked} locked, others {callers - counted.Count - locked}", answers.FirstOrDefault(a => a.Status != (HttpStatusCode)423) ?? answers[0]);
            // A replay of a counted key returns the first answer and spends nothing.
            var first = Array.FindIndex(answers, a => a.Status == HttpStatusCode.OK);
            var replay = await Attempt(wide, parcel, parcel.Wrong, $"h{first}");
            wide.Check(first >= 0 && replay.Status == HttpStatusCode.OK && JsonEquals(replay, answers[first]), "contended replay", replay);
            return callers;
        });
    }

    /// <summary>
    /// (b) A delivery day: each of C drivers gets a route of <paramref name="stops"/> stops built by the
    /// station, then per stop reads the itinerary, the customer reads the tracking page 11 times, and the
    /// stop ends as planned (85% right code, 5% one wrong then right, 5% locked after three wrong codes
    /// and undeliverable, 5% undeliverable without an entry); failed stops are scanned back at the
    /// station at the end. Ops are requests.
    /// </summary>
    public async Task<RoundResult> DeliveryDay(Api api, int drivers, int stops, int trackingReads)
    {
        var id = $"B{Interlocked.Increment(ref round)}{(api.System.IsPeer ? "p" : "o")}";
        var parcels = await Ship(api, id, drivers * stops, "S-B");
        var requests = 0;
        return await Timed(api, "b", drivers, 0, "", async latencies =>
        {
            await Task.WhenAll(Enumerable.Range(0, drivers).Select(async d =>
            {
                var mine = parcels.Skip(d * stops).Take(stops).ToList();
                var random = new Random(d);
                var driverId = $"D-{id}-{d}";
                var done = 0;
                void Count(Answer a) { latencies.Add(a.Milliseconds); done++; }
                Count(await BuildRoute(api, $"R-{id}-{d}", driverId, mine));
                var failed = new List<Parcel>();
                for (var s = 0; s < mine.Count; s++)
                {
                    var p = mine[s];
                    var itinerary = await api.Send(HttpMethod.Get, $"/v1/driver/itinerary?date={Today}", "driver", driverId);
                    Count(itinerary);
                    api.Check(itinerary.Status == HttpStatusCode.OK && ItineraryShows(itinerary, p, mine.Count), "itinerary", itinerary);
                    for (var r = 0; r < trackingReads; r++)
                    {
                        var view = await api.Send(HttpMethod.Get, $"/v1/customer/packages/{p.TrackingId}", "customer", p.CustomerId);
                        Count(view);
                        api.Check(view.Status == HttpStatusCode.OK && view.Str("status") == "OutForDelivery" && view.Str("otp") == p.Code && view.Str("deliveryDate") == Today, "tracking read", view);
                    }
                    var plan = random.NextDouble();
                    if (plan < 0.85)
                    {
                        var a = await Attempt(api, p, p.Code, "k0"); Count(a); ExpectAttempt(api, a, "Delivered", "Delivered", 3);
                    }
                    else if (plan < 0.90)
                    {
                        var a = await Attempt(api, p, p.Wrong, "k0"); Count(a); ExpectAttempt(api, a, "WrongCode", "OutForDelivery", 2);
                        a = await Attempt(api, p, p.Code, "k1"); Count(a); ExpectAttempt(api, a, "Delivered", "Delivered", 2);
                    }
                    else
                    {
                        var reason = "CustomerUnavailable";
                        if (plan < 0.95)
                        {
                            reason = "OtpLocked";
                            for (var n = 0; n < 3; n++)
                            {
                                var a = await Attempt(api, p, p.Wrong, $"k{n}"); Count(a);
                                ExpectAttempt(api, a, n < 2 ? "WrongCode" : "Locked", n < 2 ? "OutForDelivery" : "OtpLocked", 2 - n);
                            }
                        }
                        var u = await api.Send(HttpMethod.Post, $"/v1/driver/packages/{p.TrackingId}/undeliverable", "driver", driverId, new { Reason = reason }, "u0");
                        Count(u);
                        api.Check(u.Status == HttpStatusCode.OK && u.Str("status") == "AwaitingReturn"
                            && DateTimeOffset.TryParse(u.Str("returnBy"), CultureInfo.InvariantCulture, out var returnBy) && returnBy > DateTimeOffset.UtcNow, "undeliverable", u);
                        failed.Add(p);
                    }
                }
                foreach (var p in failed)
                {
                    var scan = await api.Send(HttpMethod.Post, $"/v1/stations/{p.Station}/returns/{p.TrackingId}", "station", p.Station);
                    Count(scan);
                    api.Check(scan.Status == HttpStatusCode.OK && scan.Str("status") == "ReturnedToStation" && scan.Bool("onTime"), "return scan", scan);
                }
                Interlocked.Add(ref requests, done);
            }));
            return requests;
        });
    }

    private static bool ItineraryShows(Answer itinerary, Parcel p, int stops)
    {
        foreach (var route in itinerary.Body.GetProperty("routes").EnumerateArray())
        {
            if (route.GetProperty("routeId").GetString() != p.RouteId) continue;
            var list = route.GetProperty("stops").EnumerateArray().ToList();
            var stop = list.FirstOrDefault(s => s.GetProperty("trackingId").GetString() == p.TrackingId);
            return list.Count == stops && stop.ValueKind == JsonValueKind.Object && stop.GetProperty("status").GetString() == "OutForDelivery"
                && stop.GetProperty("attemptsLeft").GetInt32() == 3 && stop.GetProperty("otpRequired").GetBoolean() && stop.GetProperty("fallbackAvailable").GetBoolean();
        }
        return false;
    }

    private static Task<Answer> Attempt(Api api, Parcel p, string code, string key) =>
        api.Send(HttpMethod.Post, $"/v1/driver/packages/{p.TrackingId}/otp", "driver", p.DriverId, new { Code = code }, key);

    private static void ExpectAttempt(Api api, Answer a, string outcome, string status, int attemptsLeft) =>
        api.Check(a.Status == HttpStatusCode.OK && a.Str("outcome") == outcome && a.Str("status") == status && a.Int("attemptsLeft") == attemptsLeft,
            $"attempt (expected {outcome}/{status}/{attemptsLeft})", a);

    private static bool JsonEquals(Answer x, Answer y) =>
        x.Str("outcome") == y.Str("outcome") && x.Str("status") == y.Str("status") && x.Int("attemptsLeft") == y.Int("attemptsLeft") && x.Str("trackingId") == y.Str("trackingId");

    /// <summary>Runs the timed part between two meter readings; the second waits for asynchronous writes (outbox) to land.</summary>
    private async Task<RoundResult> Timed(Api api, string scenario, int concurrency, int ops, string note, Func<ConcurrentBag<double>, Task<int>> body)
    {
        var latencies = new ConcurrentBag<double>();
        var before = await meters.Read(api.System);
        var clock = Stopwatch.StartNew();
        var done = await body(latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await meters.Read(api.System);
        var sorted = latencies.Order().ToArray();
        double Pct(double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
        return new RoundResult(api.System.Name, api.System.IsPeer, scenario, concurrency, ops == 0 ? done : ops, sorted.Length, seconds,
            Pct(0.50), Pct(0.99), sorted.Length == 0 ? 0 : sorted[^1], Usage.Between(before, after), note);
    }
}
