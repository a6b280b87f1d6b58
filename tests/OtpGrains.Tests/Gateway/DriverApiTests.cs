using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class DriverApiTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    [Fact]
    public async Task Itinerary_lists_the_days_stops_with_attempts_fallback_and_warnings()
    {
        var parcel = await Flow.OutForDelivery(api);
        var stop = await Flow.Stop(api, parcel);
        Assert.Equal("OutForDelivery", stop.GetProperty("status").GetString());
        Assert.True(stop.GetProperty("otpRequired").GetBoolean());
        Assert.Equal(3, stop.GetProperty("attemptsLeft").GetInt32());
        Assert.True(stop.GetProperty("fallbackAvailable").GetBoolean());
        Assert.Contains("late-block", stop.GetProperty("warnings")[0].GetString());
        var itinerary = (await api.As("driver", parcel.DriverId, HttpMethod.Get, "/v1/driver/itinerary?date=2026-11-28")).Is(HttpStatusCode.OK);
        Assert.Equal("2026-11-28", itinerary.Text("date"));
        Assert.Equal(0, itinerary.Json.GetProperty("routes").GetArrayLength());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?date=27-11-2026")]
    [InlineData("?date=2026-02-30")]
    [InlineData("?date=2026-11-27T00:00")]
    public async Task Itinerary_needs_a_yyyy_MM_dd_date(string query) =>
        (await api.As("driver", "D-1", HttpMethod.Get, $"/v1/driver/itinerary{query}")).Is(HttpStatusCode.BadRequest, "validation-failed");

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2026-11-25")]
    [InlineData("2026-12-28")]
    public async Task Itinerary_dates_outside_yesterday_to_max_days_ahead_are_400(string date)
    {
        (await api.As("driver", "D-1", HttpMethod.Get, $"/v1/driver/itinerary?date={date}")).Is(HttpStatusCode.BadRequest, "validation-failed");
        foreach (var inside in new[] { "2026-11-26", "2026-12-27" })
            (await api.As("driver", "D-1", HttpMethod.Get, $"/v1/driver/itinerary?date={inside}")).Is(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Commands_on_a_stop_dated_another_day_are_404_and_count_nothing()
    {
        // Tomorrow's stop: not on this driver's route today.
        var parcel = await Flow.OutForDelivery(api, date: new DateOnly(2026, 11, 28), blockStart: "09:00", blockEnd: "12:00");
        foreach (var (command, body) in new (string, object)[] { ("undeliverable", new { reason = "CustomerUnavailable" }), ("otp", new { code = parcel.Code }), ("otp-fallback", new { phoneLastTwo = "42" }) })
            (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath(command), body, Guid.NewGuid().ToString())).Is(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
        Assert.Equal(3, (await Flow.Stop(api, parcel, new DateOnly(2026, 11, 28))).GetProperty("attemptsLeft").GetInt32());
        var report = (await api.As("support", "A-1", HttpMethod.Get, $"/v1/drivers/{parcel.DriverId}/reliability")).Is(HttpStatusCode.OK);
        Assert.Equal(0, report.Json.GetProperty("undeliverable").GetInt32());
    }

    [Fact]
    public async Task Return_deadline_and_audit_instants_are_utc()
    {
        // At the UTC+13 station it is 01:00 on the 28th; the package must be back by 10:00 there on the 29th.
        var parcel = await Flow.OutForDelivery(api, station: Flow.NightStation, date: new DateOnly(2026, 11, 28), blockStart: "09:00", blockEnd: "12:00");
        var reply = (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "CustomerUnavailable" }, "u-1")).Is(HttpStatusCode.OK);
        Assert.Equal("2026-11-28T21:00:00Z", reply.Text("returnBy"));
        var audit = (await api.As("support", "A-1", HttpMethod.Get, parcel.SupportPath)).Is(HttpStatusCode.OK).Json.GetProperty("audit");
        Assert.All(audit.EnumerateArray(), a => Assert.EndsWith("Z", a.GetProperty("at").GetString()));
    }

    [Fact]
    public async Task Right_code_delivers_to_the_named_recipient()
    {
        var parcel = await Flow.OutForDelivery(api);
        var reply = (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp"), new { code = parcel.Code, recipientName = "Neighbour" }, "k-1")).Is(HttpStatusCode.OK);
        Assert.Equal(parcel.TrackingId, reply.Text("trackingId"));
        Assert.Equal("Delivered", reply.Text("outcome"));
        Assert.Equal("Delivered", reply.Text("status"));
        Assert.Equal(3, reply.Json.GetProperty("attemptsLeft").GetInt32());
        var view = (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Is(HttpStatusCode.OK);
        Assert.Equal("Neighbour", view.Text("receivedBy"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.Json.GetProperty("otp").ValueKind);
    }

    [Fact]
    public async Task Third_wrong_code_locks_and_then_every_entry_is_423()
    {
        var parcel = await Flow.OutForDelivery(api);
        var first = (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        Assert.Equal(("WrongCode", 2), (first.Text("outcome"), first.Json.GetProperty("attemptsLeft").GetInt32()));
        (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        var third = (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.OK);
        Assert.Equal(("Locked", "OtpLocked", 0), (third.Text("outcome"), third.Text("status"), third.Json.GetProperty("attemptsLeft").GetInt32()));
        (await Flow.Enter(api, parcel, parcel.Code!)).Is((HttpStatusCode)423, "otp-locked");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "42" }, "k-fb")).Is((HttpStatusCode)423, "otp-locked");
        Assert.Equal("OtpLocked", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task Code_entry_on_a_package_without_otp_is_409_invalid_state()
    {
        var parcel = await Flow.OutForDelivery(api, otp: false);
        (await Flow.Enter(api, parcel, "123456")).Is(HttpStatusCode.Conflict, "invalid-state");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "42" }, "k-2")).Is(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task Code_entry_after_delivery_is_409_invalid_state()
    {
        var parcel = await Flow.OutForDelivery(api);
        (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.OK);
        (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal("Delivered", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task Code_entry_outside_the_delivery_window_is_409_and_spends_nothing()
    {
        // At the test clock's noon UTC it is 01:00 on the 28th at the UTC+13 station.
        var parcel = await Flow.OutForDelivery(api, station: Flow.NightStation, date: new DateOnly(2026, 11, 28), blockStart: "09:00", blockEnd: "12:00");
        (await Flow.Enter(api, parcel, parcel.WrongCode)).Is(HttpStatusCode.Conflict, "outside-delivery-window");
        (await Flow.Enter(api, parcel, parcel.Code!)).Is(HttpStatusCode.Conflict, "outside-delivery-window");
        Assert.Equal(3, (await Flow.Stop(api, parcel, new DateOnly(2026, 11, 28))).GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task Delivered_completes_a_package_without_otp_and_is_409_otp_required_for_one_with()
    {
        var plain = await Flow.OutForDelivery(api, otp: false);
        var reply = (await api.As("driver", plain.DriverId, HttpMethod.Post, plain.DriverPath("delivered"), new { leftAtDoor = true }, "k-d")).Is(HttpStatusCode.OK);
        Assert.Equal((plain.TrackingId, "Delivered"), (reply.Text("trackingId"), reply.Text("status")));

        var otp = await Flow.OutForDelivery(api);
        (await api.As("driver", otp.DriverId, HttpMethod.Post, otp.DriverPath("delivered"), new { leftAtDoor = true }, "k-d")).Is(HttpStatusCode.Conflict, "otp-required");
        (await api.Send(HttpMethod.Post, otp.DriverPath("delivered"), await api.Token("driver", otp.DriverId), idempotencyKey: "k-e")).Is(HttpStatusCode.Conflict, "otp-required");
        Assert.Equal("OutForDelivery", await Flow.Status(api, otp));
    }

    [Fact]
    public async Task Fallback_spends_an_attempt_and_is_allowed_once_a_day()
    {
        var parcel = await Flow.OutForDelivery(api);
        var wrong = (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "00" }, "f-1")).Is(HttpStatusCode.OK);
        Assert.Equal(("WrongCode", 2), (wrong.Text("outcome"), wrong.Json.GetProperty("attemptsLeft").GetInt32()));
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "42" }, "f-2")).Is(HttpStatusCode.Conflict, "fallback-not-allowed");
        Assert.Equal(2, await Flow.AttemptsLeft(api, parcel));
        Assert.False((await Flow.Stop(api, parcel)).GetProperty("fallbackAvailable").GetBoolean());
    }

    [Fact]
    public async Task Fallback_delivers_with_the_phone_digits()
    {
        var parcel = await Flow.OutForDelivery(api);
        var reply = (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "42", recipientName = "Sam" }, "f-1")).Is(HttpStatusCode.OK);
        Assert.Equal(("Delivered", "Delivered"), (reply.Text("outcome"), reply.Text("status")));
        await WaitFor(async () => (await api.As("support", "A-1", HttpMethod.Get, $"/v1/drivers/{parcel.DriverId}/reliability")).Json.GetProperty("fallbackDeliveries").GetInt32() == 1);
    }

    [Fact]
    public async Task Fallback_is_not_allowed_above_the_value_limit()
    {
        var parcel = await Flow.OutForDelivery(api, amountMinor: 5_000_00);
        Assert.False((await Flow.Stop(api, parcel)).GetProperty("fallbackAvailable").GetBoolean());
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("otp-fallback"), new { phoneLastTwo = "42" }, "f-1")).Is(HttpStatusCode.Conflict, "fallback-not-allowed");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
    }

    [Fact]
    public async Task Undeliverable_answers_the_return_deadline()
    {
        var parcel = await Flow.OutForDelivery(api);
        var reply = (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "CustomerUnavailable", note = "nobody home" }, "u-1")).Is(HttpStatusCode.OK);
        Assert.Equal("AwaitingReturn", reply.Text("status"));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), reply.Json.GetProperty("returnBy").GetDateTimeOffset());
    }

    public static readonly TheoryData<string, string> BadCodes = new()
    {
        { "five digits", "\"12345\"" },
        { "seven digits", "\"1234567\"" },
        { "letters", "\"12a456\"" },
        { "full-width digits", "\"１２３４５６\"" },
        { "Arabic-Indic digits", "\"١٢٣٤٥٦\"" },
        { "trailing newline", "\"123456\\n\"" },
        { "spaces", "\" 123456\"" },
        { "empty", "\"\"" },
        { "a number", "123456" },
        { "null", "null" },
    };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task A_code_that_is_not_six_ascii_digits_is_400_and_spends_nothing(string why, string code)
    {
        _ = why;
        var parcel = await Flow.OutForDelivery(api);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("otp"), await api.Token("driver", parcel.DriverId), $$"""{"code":{{code}}}""", "k-1"))
            .Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(3, await Flow.AttemptsLeft(api, parcel));
        // The key was not used up by the refusal: the first real entry with it counts.
        Assert.Equal("Delivered", (await Flow.Enter(api, parcel, parcel.Code!, "k-1")).Is(HttpStatusCode.OK).Text("outcome"));
    }

    [Theory]
    [InlineData("\"4\"")]
    [InlineData("\"421\"")]
    [InlineData("\"4a\"")]
    [InlineData("\"٤٢\"")]
    [InlineData("42")]
    public async Task Phone_digits_that_are_not_two_ascii_digits_are_400_and_spend_nothing(string digits)
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("otp-fallback"), await api.Token("driver", parcel.DriverId), $$"""{"phoneLastTwo":{{digits}}}""", "k-1"))
            .Is(HttpStatusCode.BadRequest, "validation-failed");
        var stop = await Flow.Stop(api, parcel);
        Assert.Equal((3, true), (stop.GetProperty("attemptsLeft").GetInt32(), stop.GetProperty("fallbackAvailable").GetBoolean()));
    }

    [Theory]
    [InlineData("otp")]
    [InlineData("otp-fallback")]
    [InlineData("delivered")]
    [InlineData("undeliverable")]
    public async Task Every_driver_command_needs_an_idempotency_key(string command)
    {
        var parcel = await Flow.OutForDelivery(api);
        var body = command switch { "otp" => (object)new { code = parcel.WrongCode }, "otp-fallback" => new { phoneLastTwo = "00" }, "undeliverable" => new { reason = "Other" }, _ => new { } };
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath(command), body, idempotencyKey: null)).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath(command), body, idempotencyKey: new string('k', 129))).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath(command), body, idempotencyKey: "bad\tkey")).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath(command), body, idempotencyKey: "")).Is(HttpStatusCode.BadRequest, "validation-failed");
        var stop = await Flow.Stop(api, parcel);
        Assert.Equal(("OutForDelivery", 3), (stop.GetProperty("status").GetString(), stop.GetProperty("attemptsLeft").GetInt32()));
    }

    [Theory]
    [InlineData("""{"reason":"Teleported"}""")]
    [InlineData("""{"reason":3}""")]
    [InlineData("""{"note":"no reason"}""")]
    [InlineData("""{"reason":null}""")]
    [InlineData("""{"reason":"OtpLocked, CodeMissing"}""")]
    [InlineData("""{"reason":"OtpLocked,CodeMissing"}""")]
    [InlineData("""{"reason":"3"}""")]
    [InlineData("""{"reason":"-1"}""")]
    [InlineData("""{"reason":"other"}""")]
    [InlineData("""{"reason":" Other"}""")]
    public async Task Undeliverable_needs_one_known_reason_by_its_exact_name_not_flags_or_numbers(string body)
    {
        var parcel = await Flow.OutForDelivery(api);
        (await api.Send(HttpMethod.Post, parcel.DriverPath("undeliverable"), await api.Token("driver", parcel.DriverId), body, "u-1")).Is(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal("OutForDelivery", await Flow.Status(api, parcel));
    }

    [Fact]
    public async Task A_replay_with_the_same_key_gets_the_first_answer_and_spends_nothing()
    {
        var parcel = await Flow.OutForDelivery(api);
        var first = (await Flow.Enter(api, parcel, parcel.WrongCode, "same")).Is(HttpStatusCode.OK);
        var again = (await Flow.Enter(api, parcel, parcel.Code!, "same")).Is(HttpStatusCode.OK);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(2, await Flow.AttemptsLeft(api, parcel));
        // The same key for another kind of command is a conflict, not a replay.
        (await api.As("driver", parcel.DriverId, HttpMethod.Post, parcel.DriverPath("undeliverable"), new { reason = "Other" }, "same")).Is(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_key_get_one_identical_answer_and_spend_one_attempt()
    {
        var parcel = await Flow.OutForDelivery(api);
        var token = await api.Token("driver", parcel.DriverId);
        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            api.Send(HttpMethod.Post, parcel.DriverPath("otp"), token, $$"""{"code":"{{parcel.WrongCode}}"}""", "one-key")));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(replies.Select(r => r.Body).Distinct());
        Assert.Equal("WrongCode", replies[0].Text("outcome"));
        Assert.Equal(2, await Flow.AttemptsLeft(api, parcel));
    }

    [Fact]
    public async Task Two_hundred_concurrent_attempts_count_exactly_three()
    {
        var parcel = await Flow.OutForDelivery(api);
        var token = await api.Token("driver", parcel.DriverId);
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            api.Send(HttpMethod.Post, parcel.DriverPath("otp"), token, $$"""{"code":"{{parcel.WrongCode}}"}""", $"key-{i}")));
        var ok = replies.Where(r => r.Status == HttpStatusCode.OK).Select(r => r.Text("outcome")).OrderBy(o => o).ToList();
        Assert.Equal(["Locked", "WrongCode", "WrongCode"], ok);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => r.Is((HttpStatusCode)423, "otp-locked"));
        var stop = await Flow.Stop(api, parcel);
        Assert.Equal(("OtpLocked", 0), (stop.GetProperty("status").GetString(), stop.GetProperty("attemptsLeft").GetInt32()));
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(50);
        Assert.True(await condition());
    }
}
