using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using NpgsqlTypes;

namespace OtpGrains.Benchmarks.Peer;

/// <summary>
/// The conventional design OtpGrains is measured against: ASP.NET Core minimal APIs over Npgsql, one
/// row per package, and every driver command one call of one SQL function (one round trip, one
/// transaction) in which a row lock serializes concurrent attempts. Same routes, JWTs, ownership
/// checks, idempotency, keyed hashes, attempt budget, window and audit as the gateway, and the same
/// driver budgets and per-day driver counts as the driver grain (a driver row locked by each entry).
/// Configuration: <c>ConnectionStrings:Peer</c>, <c>Auth:SigningKey</c>, <c>Otp:Keys</c>,
/// <c>Stations:Default:TimeZone</c>, <c>RateLimits:DriverAttemptsPerMinute</c>,
/// <c>Policy:DriverWrongEntriesPerHour</c>, <c>Policy:DriverFallbacksPerDay</c>, <c>--urls</c>.
/// </summary>
public static partial class PeerService
{
    private const int AttemptsPerDay = 3;
    private static readonly TimeOnly WindowStart = new(3, 0);
    private static readonly TimeOnly WindowEnd = new(23, 0);
    private static readonly TimeOnly ReturnDeadline = new(10, 0);
    private static readonly TimeOnly FriendlyStart = new(8, 0);
    private static readonly TimeOnly FriendlyEnd = new(21, 0);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var config = builder.Configuration;
        var connection = config.GetConnectionString("Peer") ?? throw new InvalidOperationException("ConnectionStrings:Peer is required.");
        var signingKey = config["Auth:SigningKey"] is { Length: > 0 } k ? Convert.FromBase64String(k) : throw new InvalidOperationException("Auth:SigningKey is required.");
        var codes = PeerCodes.Read(config);
        var zone = config["Stations:Default:TimeZone"] ?? "UTC";
        var attemptsPerMinute = config.GetValue("RateLimits:DriverAttemptsPerMinute", 30);

        // Tuned as a production service would be: one pool for the process, sized for a small
        // machine; no DISCARD ALL on every return to the pool; statements prepared on first reuse.
        var csb = new NpgsqlConnectionStringBuilder(connection)
        {
            MaxPoolSize = config.GetValue("Peer:PoolSize", 20),
            MinPoolSize = config.GetValue("Peer:PoolSize", 20),
            NoResetOnClose = true,
            // A burst waits for a pooled connection rather than failing after the default 15 s.
            Timeout = 60,
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
            Timezone = "UTC",
            ApplicationName = "peer",
        };
        var db = new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
        await using (var schema = db.CreateCommand(ReadSchema())) await schema.ExecuteNonQueryAsync();

        builder.Services.AddSingleton(db);
        // The driver budgets of Policy (the same keys and defaults as the silo's).
        builder.Services.AddSingleton(new DriverBudgets(
            config.GetValue("Policy:DriverWrongEntriesPerHour", 10), config.GetValue("Policy:DriverFallbacksPerDay", 5)));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PeerJson.Default));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "sub", RoleClaimType = "role",
                ValidateIssuer = true, ValidIssuer = "otpgrains",
                ValidateAudience = true, ValidAudience = "otpgrains",
                ValidateLifetime = true, RequireExpirationTime = true, RequireSignedTokens = true,
                IssuerSigningKey = new SymmetricSecurityKey(signingKey), ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        var policies = builder.Services.AddAuthorizationBuilder();
        foreach (var role in new[] { "shipper", "customer", "driver", "station" })
            policies.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireClaim("sub").RequireRole(role));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.AddPolicy("driver-attempts", http => http.User.FindFirst("sub")?.Value is { } sub
                ? RateLimitPartition.GetFixedWindowLimiter(sub, _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapGet("/health/ready", async (NpgsqlDataSource data) =>
        {
            await using var cmd = data.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync();
            return Results.Ok();
        });

        var driver = app.MapGroup("/v1/driver").RequireAuthorization("driver");
        driver.MapPost("/packages/{trackingId}/otp", (string trackingId, OtpBody body, HttpContext http) =>
            Command(http, trackingId, "Code", Digits6().IsMatch(body.Code ?? "") ? codes.Candidates($"code\n{trackingId}\n{body.Code}") : null, body.RecipientName, null, false))
            .RequireRateLimiting("driver-attempts");
        driver.MapPost("/packages/{trackingId}/otp-fallback", (string trackingId, FallbackBody body, HttpContext http) =>
            Command(http, trackingId, "Fallback", Digits2().IsMatch(body.PhoneLastTwo ?? "") ? codes.Candidates($"phone\n{trackingId}\n{body.PhoneLastTwo}") : null, body.RecipientName, null, false))
            .RequireRateLimiting("driver-attempts");
        driver.MapPost("/packages/{trackingId}/delivered", (string trackingId, DeliveredBody? body, HttpContext http) =>
            Command(http, trackingId, "Delivered", PeerCodes.NoCandidates, body?.RecipientName, null, body?.LeftAtDoor ?? false));
        driver.MapPost("/packages/{trackingId}/undeliverable", (string trackingId, UndeliverableBody body, HttpContext http) =>
            Command(http, trackingId, "Undeliverable", Reasons.Contains(body.Reason ?? "") ? PeerCodes.NoCandidates : null, null, body.Reason, false));
        driver.MapGet("/itinerary", Itinerary);

        app.MapGet("/v1/customer/packages/{trackingId}", (string trackingId, HttpContext http) => Tracking(http, trackingId, codes)).RequireAuthorization("customer");
        app.MapPut("/v1/stations/{stationId}/routes/{routeId}", BuildRoute).RequireAuthorization("station");
        app.MapPost("/v1/stations/{stationId}/returns/{trackingId}", ScanReturn).RequireAuthorization("station");
        // Benchmark set-up only (register + ship in bulk, codes issued here); never timed.
        app.MapPost("/bench/packages", (SetupPackage[] packages, NpgsqlDataSource data) => Setup(packages, data, codes, zone)).RequireAuthorization("shipper");

        await app.RunAsync();
        return 0;
    }

    private static readonly HashSet<string> Reasons = ["CustomerUnavailable", "CodeMissing", "OtpLocked", "TooEarlyOrTooLate", "AccessProblem", "Other"];

    private static string Subject(HttpContext http) => http.User.FindFirst("sub")!.Value;

    private static async Task<IResult> Command(HttpContext http, string trackingId, string kind, (string[] Ids, byte[][] Hashes)? candidates, string? recipient, string? reason, bool leftAtDoor)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (!Id().IsMatch(trackingId) || key.Length is 0 or > 128 || candidates is null)
            return Problem(400, "validation-failed", "Validation failed");
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand("SELECT http_status, problem, body FROM driver_command($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)");
        cmd.Parameters.Add(new() { Value = trackingId });
        cmd.Parameters.Add(new() { Value = Subject(http) });
        cmd.Parameters.Add(new() { Value = key });
        cmd.Parameters.Add(new() { Value = kind });
        cmd.Parameters.Add(new() { Value = candidates.Value.Ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = candidates.Value.Hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new() { Value = (object?)recipient ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = leftAtDoor });
        cmd.Parameters.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = WindowStart.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Time });
        cmd.Parameters.Add(new() { Value = WindowEnd.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Time });
        cmd.Parameters.Add(new() { Value = ReturnDeadline.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Time });
        cmd.Parameters.Add(new() { Value = AttemptsPerDay });
        var budgets = http.RequestServices.GetRequiredService<DriverBudgets>();
        cmd.Parameters.Add(new() { Value = budgets.EntriesPerHour });
        cmd.Parameters.Add(new() { Value = budgets.FallbacksPerDay });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var status = reader.GetInt32(0);
        return status == 200
            ? Results.Content(reader.GetString(2), "application/json")
            : Problem(status, reader.GetString(1), Title(status), reader.GetString(2));
    }

    private static async Task<IResult> Itinerary(string? date, HttpContext http, NpgsqlDataSource db)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Problem(400, "validation-failed", "Validation failed");
        await using var cmd = db.CreateCommand("""
            SELECT r.station_id, r.route_id, r.block_start, r.block_end, p.tracking_id, p.status, p.otp_required,
                   p.wrong_entries, p.fallback_allowed AND p.fallbacks_used < 1 AND p.status = 'OutForDelivery' AND p.otp_required
              FROM route r
              JOIN route_stop s ON s.station_id = r.station_id AND s.route_id = r.route_id
              JOIN package p ON p.tracking_id = s.tracking_id AND p.driver_id = r.driver_id
             WHERE r.driver_id = $1 AND r.day = $2
             ORDER BY r.block_start, r.station_id, r.route_id, s.position
            """);
        cmd.Parameters.Add(new() { Value = Subject(http) });
        cmd.Parameters.Add(new() { Value = day });
        var routes = new List<ItineraryRoute>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (station, route) = (reader.GetString(0), reader.GetString(1));
            var (start, end) = (TimeOnly.FromTimeSpan(reader.GetFieldValue<TimeSpan>(2)), TimeOnly.FromTimeSpan(reader.GetFieldValue<TimeSpan>(3)));
            if (routes.Count == 0 || routes[^1].StationId != station || routes[^1].RouteId != route)
                routes.Add(new ItineraryRoute(station, route, start.ToString("HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture), []));
            var otp = reader.GetBoolean(6);
            routes[^1].Stops.Add(new ItineraryStop(reader.GetString(4), reader.GetString(5), otp, Math.Max(0, AttemptsPerDay - reader.GetInt32(7)), reader.GetBoolean(8), Warnings(otp, start, end)));
        }
        return Results.Json(new Itinerary(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), routes), PeerJson.Default.Itinerary);
    }

    private static async Task<IResult> Tracking(HttpContext http, string trackingId, PeerCodes codes)
    {
        if (!Id().IsMatch(trackingId)) return Problem(400, "validation-failed", "Validation failed");
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = db.CreateCommand("""
            SELECT status, otp_required, code_key, code_sealed, day_date, redelivery_date, delivered_at, received_by
              FROM package WHERE tracking_id = $1 AND customer_id = $2
            """);
        cmd.Parameters.Add(new() { Value = trackingId });
        cmd.Parameters.Add(new() { Value = Subject(http) });
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return Problem(404, "not-found", "Not found", "No such package.");
        var status = reader.GetString(0);
        string? otp = null;
        if (CodeVisible.Contains(status) && !reader.IsDBNull(3))
            otp = codes.Reveal(reader.GetString(2), reader.GetFieldValue<byte[]>(3), trackingId);
        return Results.Json(new TrackingView(trackingId, status, reader.GetBoolean(1), otp,
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7)), PeerJson.Default.TrackingView);
    }

    private static readonly HashSet<string> CodeVisible = ["Shipped", "OutForDelivery", "OtpLocked", "AwaitingReturn", "ReturnedToStation", "ScheduledForRedelivery"];

    private static async Task<IResult> BuildRoute(string stationId, string routeId, RouteBody body, HttpContext http, NpgsqlDataSource db)
    {
        var validDay = DateOnly.TryParseExact(body.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        var validStart = TimeOnly.TryParseExact(body.BlockStart, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        var validEnd = TimeOnly.TryParseExact(body.BlockEnd, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end);
        var ok = validDay && validStart && validEnd && Id().IsMatch(stationId) && Id().IsMatch(routeId) && Id().IsMatch(body.DriverId ?? "")
            && body.TrackingIds is { Length: > 0 and <= 500 } ids && ids.All(i => Id().IsMatch(i));
        if (!ok || start >= end || start < WindowStart || end > WindowEnd) return Problem(400, "validation-failed", "Validation failed");
        if (Subject(http) != stationId) return Problem(404, "not-found", "Not found", "No such resource.");
        await using var cmd = db.CreateCommand("SELECT http_status, problem, body FROM build_route($1,$2,$3,$4,$5,$6,$7,$8)");
        cmd.Parameters.Add(new() { Value = stationId });
        cmd.Parameters.Add(new() { Value = routeId });
        cmd.Parameters.Add(new() { Value = body.DriverId });
        cmd.Parameters.Add(new() { Value = day });
        cmd.Parameters.Add(new() { Value = start.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Time });
        cmd.Parameters.Add(new() { Value = end.ToTimeSpan(), NpgsqlDbType = NpgsqlDbType.Time });
        cmd.Parameters.Add(new() { Value = body.TrackingIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var status = reader.GetInt32(0);
        if (status != 200) return Problem(status, reader.GetString(1), Title(status), reader.GetString(2));
        var stops = System.Text.Json.JsonSerializer.Deserialize(reader.GetString(2), PeerJson.Default.BuiltStopArray)!;
        return Results.Json(new RouteView(routeId, body.DriverId!, body.Date!, body.BlockStart!, body.BlockEnd!,
            [.. stops.Select(s => new RouteStopView(s.TrackingId, s.OtpRequired, Warnings(s.OtpRequired, start, end)))]), PeerJson.Default.RouteView);
    }

    private static async Task<IResult> ScanReturn(string stationId, string trackingId, HttpContext http, NpgsqlDataSource db)
    {
        if (!Id().IsMatch(stationId) || !Id().IsMatch(trackingId)) return Problem(400, "validation-failed", "Validation failed");
        if (Subject(http) != stationId) return Problem(404, "not-found", "Not found", "No such resource.");
        await using var cmd = db.CreateCommand("SELECT http_status, problem, status, on_time FROM scan_return($1,$2,$3)");
        cmd.Parameters.Add(new() { Value = stationId });
        cmd.Parameters.Add(new() { Value = trackingId });
        cmd.Parameters.Add(new() { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var status = reader.GetInt32(0);
        return status == 200
            ? Results.Json(new ReturnView(trackingId, reader.GetString(2), reader.GetBoolean(3)), PeerJson.Default.ReturnView)
            : Problem(status, reader.GetString(1), Title(status));
    }

    private static async Task<IResult> Setup(SetupPackage[] packages, NpgsqlDataSource db, PeerCodes codes, string zone)
    {
        var rows = packages.Select(p =>
        {
            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            return (p, Hash: codes.Hash($"code\n{p.TrackingId}\n{code}"), Sealed: codes.Seal(code, p.TrackingId), Phone: codes.Hash($"phone\n{p.TrackingId}\n{p.PhoneLastTwo}"));
        }).ToList();
        await using var cmd = db.CreateCommand("""
            INSERT INTO package (tracking_id, customer_id, station_id, time_zone, status, otp_required, fallback_allowed,
                                 code_key, code_hash, code_sealed, phone_key, phone_hash)
            SELECT t, c, s, $4, 'Shipped', true, f, $5, h, x, $5, ph
              FROM unnest($1::text[], $2::text[], $3::text[], $6::boolean[], $7::bytea[], $8::bytea[], $9::bytea[]) AS u(t, c, s, f, h, x, ph)
            """);
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.p.TrackingId).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.p.CustomerId).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.p.StationId).ToArray() });
        cmd.Parameters.Add(new() { Value = zone });
        cmd.Parameters.Add(new() { Value = codes.CurrentId });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.p.FallbackAllowed).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Hash).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Sealed).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(r => r.Phone).ToArray() });
        await cmd.ExecuteNonQueryAsync();
        return Results.Ok();
    }

    private static List<string> Warnings(bool otp, TimeOnly start, TimeOnly end)
    {
        var warnings = new List<string>();
        if (!otp) return warnings;
        if (start < FriendlyStart) warnings.Add($"early-block: the block starts before {FriendlyStart:HH\\:mm}; deliver this OTP stop at the end of the block, or remove it before the route starts.");
        if (end > FriendlyEnd) warnings.Add($"late-block: the block ends after {FriendlyEnd:HH\\:mm}; deliver this OTP stop at the start of the block, or remove it before the route starts.");
        return warnings;
    }

    private static string Title(int status) => status switch
    {
        404 => "Not found",
        409 => "Conflict",
        423 => "The package is locked for today",
        429 => "Too many requests",
        _ => "Error",
    };

    private static IResult Problem(int status, string code, string title, string? detail = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string ReadSchema()
    {
        using var stream = typeof(PeerService).Assembly.GetManifestResourceStream("peer-schema.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")] private static partial Regex Id();
    [GeneratedRegex("^[0-9]{6}$")] private static partial Regex Digits6();
    [GeneratedRegex("^[0-9]{2}$")] private static partial Regex Digits2();
}

/// <summary>The peer's keyed hashes and sealed codes, from the same <c>Otp:Keys</c> ring as the silo (its own HKDF labels).</summary>
public sealed class PeerCodes
{
    public static readonly (string[] Ids, byte[][] Hashes) NoCandidates = ([], []);
    private readonly Dictionary<string, (byte[] Hash, byte[] Seal)> keys = [];

    private PeerCodes(string currentId) => CurrentId = currentId;

    public string CurrentId { get; }

    public static PeerCodes Read(IConfiguration config)
    {
        var section = config.GetSection("Otp:Keys");
        var secrets = section.GetChildren().Where(c => c.Key != "Current" && !string.IsNullOrEmpty(c.Value)).ToList();
        if (secrets.Count == 0) throw new InvalidOperationException("Otp:Keys is required.");
        var codes = new PeerCodes(section["Current"] ?? secrets[0].Key);
        foreach (var s in secrets)
        {
            var secret = Convert.FromBase64String(s.Value!);
            codes.keys[s.Key] = (HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [], "peer/hash"u8.ToArray()),
                                 HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [], "peer/seal"u8.ToArray()));
        }
        return codes;
    }

    public byte[] Hash(string message, string? keyId = null) => HMACSHA256.HashData(keys[keyId ?? CurrentId].Hash, Encoding.UTF8.GetBytes(message));

    /// <summary>The entry's keyed hash under every key in the ring, so codes issued under an older key still verify.</summary>
    public (string[] Ids, byte[][] Hashes) Candidates(string message)
    {
        var ids = keys.Keys.ToArray();
        return (ids, [.. ids.Select(id => Hash(message, id))]);
    }

    public byte[] Seal(string code, string trackingId)
    {
        var output = new byte[12 + code.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(keys[CurrentId].Seal, 16);
        aes.Encrypt(output.AsSpan(0, 12), Encoding.ASCII.GetBytes(code), output.AsSpan(12, code.Length), output.AsSpan(12 + code.Length), Encoding.UTF8.GetBytes(trackingId));
        return output;
    }

    public string Reveal(string keyId, byte[] sealedCode, string trackingId)
    {
        var plain = new byte[sealedCode.Length - 28];
        using var aes = new AesGcm(keys[keyId].Seal, 16);
        aes.Decrypt(sealedCode.AsSpan(0, 12), sealedCode.AsSpan(12, plain.Length), sealedCode.AsSpan(sealedCode.Length - 16), plain, Encoding.UTF8.GetBytes(trackingId));
        return Encoding.ASCII.GetString(plain);
    }
}

public sealed record OtpBody(string? Code, string? RecipientName = null);
public sealed record FallbackBody(string? PhoneLastTwo, string? RecipientName = null);
public sealed record DeliveredBody(string? RecipientName = null, bool? LeftAtDoor = null);
public sealed record UndeliverableBody(string? Reason, string? Note = null);
public sealed record RouteBody(string? DriverId, string? Date, string? BlockStart, string? BlockEnd, string[]? TrackingIds);
public sealed record SetupPackage(string TrackingId, string CustomerId, string StationId, string PhoneLastTwo, bool FallbackAllowed);
public sealed record BuiltStop(string TrackingId, bool OtpRequired);
public sealed record RouteStopView(string TrackingId, bool OtpRequired, List<string> Warnings);
public sealed record RouteView(string RouteId, string DriverId, string Date, string BlockStart, string BlockEnd, List<RouteStopView> Stops);
public sealed record ItineraryStop(string TrackingId, string Status, bool OtpRequired, int AttemptsLeft, bool FallbackAvailable, List<string> Warnings);
public sealed record ItineraryRoute(string StationId, string RouteId, string BlockStart, string BlockEnd, List<ItineraryStop> Stops);
public sealed record Itinerary(string Date, List<ItineraryRoute> Routes);
public sealed record TrackingView(string TrackingId, string Status, bool OtpRequired, string? Otp, string? DeliveryDate, string? RedeliveryDate, DateTimeOffset? DeliveredAt, string? ReceivedBy);
public sealed record ReturnView(string TrackingId, string Status, bool OnTime);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OtpBody))]
[JsonSerializable(typeof(FallbackBody))]
[JsonSerializable(typeof(DeliveredBody))]
[JsonSerializable(typeof(UndeliverableBody))]
[JsonSerializable(typeof(RouteBody))]
[JsonSerializable(typeof(SetupPackage[]))]
[JsonSerializable(typeof(BuiltStop[]))]
[JsonSerializable(typeof(RouteView))]
[JsonSerializable(typeof(Itinerary))]
[JsonSerializable(typeof(TrackingView))]
[JsonSerializable(typeof(ReturnView))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class PeerJson : JsonSerializerContext;

/// <summary>Wrong or fallback entries a driver may make in a rolling hour, and fallback entries in a UTC day.</summary>
internal sealed record DriverBudgets(int EntriesPerHour, int FallbacksPerDay);
