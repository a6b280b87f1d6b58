using System.Net;
using OtpGrains.Tests.Gateway.Infrastructure;
using OtpGrains.Tests.Support;

namespace OtpGrains.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ShipperApiTests(DevelopmentGateway host)
{
    private readonly Api api = host.Api;

    private Task<Reply> Register(string trackingId, object body) => api.As("shipper", Flow.Shipper, HttpMethod.Put, $"/v1/packages/{trackingId}", body);

    [Fact]
    public async Task Register_is_201_then_200_for_an_identical_repeat_and_409_when_it_differs()
    {
        var id = Deliveries.NewId("PKG");
        var created = (await Register(id, Flow.Registration("C-1", "S-1", otp: true))).Is(HttpStatusCode.Created);
        Assert.Equal($"/v1/packages/{id}", created.Message.Headers.Location?.ToString());
        Assert.Equal((id, "Registered", "true"), (created.Text("trackingId"), created.Text("status"), created.Text("otpRequired").ToLowerInvariant()));
        Assert.Equal(["HighValue", "Category"], created.Json.GetProperty("otpReasons").EnumerateArray().Select(r => r.GetString()));
        var repeat = (await Register(id, Flow.Registration("C-1", "S-1", otp: true))).Is(HttpStatusCode.OK);
        Assert.Equal(created.Body, repeat.Body);
        (await Register(id, Flow.Registration("C-2", "S-1", otp: true))).Is(HttpStatusCode.Conflict, "conflict");
        var support = (await api.As("support", "A-1", HttpMethod.Get, $"/v1/support/packages/{id}")).Is(HttpStatusCode.OK);
        Assert.Equal("C-1", support.Text("customerId"));
    }

    [Theory]
    [InlineData(""" "amountMinor":"120000" """)]
    [InlineData(""" "amountMinor":"1.2e5" """)]
    [InlineData(""" "amountMinor":120000.5 """)]
    public async Task Numbers_sent_as_json_strings_are_400_and_create_nothing(string amount)
    {
        var id = Deliveries.NewId("PKG");
        var body = $$"""{"customerId":"C-1","customerEmail":"c@example.com","customerPhone":"+1 555 0100 42","declaredValue":{ {{amount}},"currency":"USD"},"category":"computers","stationId":"S-1"}""";
        (await api.Send(HttpMethod.Put, $"/v1/packages/{id}", await api.Token("shipper", Flow.Shipper), body)).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("support", "A-1", HttpMethod.Get, $"/v1/support/packages/{id}")).Is(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Ship_is_200_issues_one_code_and_a_repeat_issues_nothing()
    {
        var parcel = await Flow.Shipped(api);
        var again = (await api.As("shipper", Flow.Shipper, HttpMethod.Post, $"/v1/packages/{parcel.TrackingId}/ship")).Is(HttpStatusCode.OK);
        Assert.Equal(("Shipped", "True"), (again.Text("status"), again.Text("otpRequired")));
        Assert.Equal(parcel.Code, (await api.As("customer", parcel.CustomerId, HttpMethod.Get, parcel.CustomerPath)).Json.GetProperty("otp").GetString());
        (await Register(parcel.TrackingId, Flow.Registration(parcel.CustomerId, "S-1", otp: true))).Is(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Requested_otp_is_recorded_as_the_reason()
    {
        var id = Deliveries.NewId("PKG");
        var body = new { customerId = "C-9", customerEmail = "c9@example.com", customerPhone = "5550142", declaredValue = new { amountMinor = 100, currency = "EUR" }, category = "books", stationId = "S-1", requireOtp = true };
        var reply = (await Register(id, body)).Is(HttpStatusCode.Created);
        Assert.Equal(["ShipperRequested"], reply.Json.GetProperty("otpReasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Shipping_an_unknown_package_is_404() =>
        (await api.As("shipper", Flow.Shipper, HttpMethod.Post, $"/v1/packages/{Deliveries.NewId("PKG")}/ship")).Is(HttpStatusCode.NotFound, "not-found");

    public static readonly TheoryData<string, string> BadRegistrations = new()
    {
        { "customerId", """{"customerId":"C 1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "customerId", """{"customerId":"","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "customerEmail", """{"customerId":"C-1","customerEmail":"not-an-email","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "customerPhone", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"call me","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "amountMinor", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":-1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "currency", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"US"},"category":"books","stationId":"S-1"}""" },
        { "currency", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"U5D"},"category":"books","stationId":"S-1"}""" },
        { "category", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":" ","stationId":"S-1"}""" },
        { "stationId", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S/1"}""" },
        { "missing stationId", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books"}""" },
        { "missing declaredValue", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","category":"books","stationId":"S-1"}""" },
        { "null customerId", """{"customerId":null,"customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":1,"currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "amount as text", """{"customerId":"C-1","customerEmail":"a@example.com","customerPhone":"5550142","declaredValue":{"amountMinor":"lots","currency":"USD"},"category":"books","stationId":"S-1"}""" },
        { "malformed", """{"customerId":"C-1",""" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Invalid_registrations_are_400_and_create_nothing(string field, string body)
    {
        _ = field;
        var id = Deliveries.NewId("PKG");
        (await Register(id, body)).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("support", "A-1", HttpMethod.Get, $"/v1/support/packages/{id}")).Is(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("x%2Fy")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("caf%C3%A9")]
    public async Task Tracking_ids_outside_the_id_alphabet_are_400(string trackingId)
    {
        (await Register(trackingId, Flow.Registration("C-1", "S-1", otp: true))).Is(HttpStatusCode.BadRequest, "validation-failed");
        (await api.As("shipper", Flow.Shipper, HttpMethod.Post, $"/v1/packages/{trackingId}/ship")).Is(HttpStatusCode.BadRequest, "validation-failed");
    }
}
