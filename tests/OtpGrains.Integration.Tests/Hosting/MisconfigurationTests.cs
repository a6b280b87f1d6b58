using OtpGrains.Tests.Gateway.Infrastructure;

namespace OtpGrains.Tests.Hosting;

/// <summary>
/// Every process refuses a missing, invalid or misspelled setting with one line on stderr naming it
/// and exit code 2, never a stack trace: the real built executables, started as an operator would.
/// </summary>
public sealed class MisconfigurationTests
{
    private static readonly string OtpKey = Convert.ToBase64String(Tokens.RandomKey());
    private static readonly string SigningKey = Convert.ToBase64String(Tokens.RandomKey());

    /// <summary>A Production gateway with everything it needs, so each test takes one thing away or adds one typo.</summary>
    private static Dictionary<string, string> ProductionGateway(params (string Key, string? Value)[] changes)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__SigningKey"] = SigningKey,
            ["Otp__Keys__Current"] = "k1",
            ["Otp__Keys__k1"] = OtpKey,
            ["Email__AllowPickupOutsideDevelopment"] = "true",
            ["Email__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "otpgrains-misconfiguration-mail"),
        };
        foreach (var (key, value) in changes)
        {
            if (value is null) environment.Remove(key);
            else environment[key] = value;
        }

        return environment;
    }

    private static async Task<string> RefusedAsync(string project, Dictionary<string, string> environment, params string[] args)
    {
        var result = await BuiltProcess.RunAsync(project, environment, args);
        var error = result.Error.Trim();
        Assert.True(result.ExitCode == 2, $"{project} exited {result.ExitCode}: {error} {result.Output}");
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.NotEqual("", error);
        return error;
    }

    [Fact]
    public async Task Production_gateway_without_Otp_keys_prints_one_line_naming_them_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Otp__Keys__Current", null), ("Otp__Keys__k1", null)));
        Assert.Contains("Otp:Keys", error);
    }

    [Fact]
    public async Task Production_gateway_without_Auth_prints_one_line_naming_Auth_SigningKey_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Auth__SigningKey", null)));
        Assert.Contains("Auth:SigningKey", error);
    }

    [Fact]
    public async Task Production_silo_without_Otp_keys_prints_one_line_naming_them_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Silo, new()
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Email__AllowPickupOutsideDevelopment"] = "true",
        });
        Assert.Contains("Otp:Keys", error);
    }

    [Fact]
    public async Task AdoNet_silo_without_a_connection_string_prints_one_line_naming_it_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Silo, new() { ["Orleans__Clustering"] = "AdoNet", ["Orleans__Storage"] = "AdoNet" });
        Assert.Contains("ConnectionStrings:Orleans", error);
    }

    [Fact]
    public async Task Redelivery_job_on_AdoNet_without_a_connection_string_prints_one_line_naming_it_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Redelivery, new() { ["Orleans__Clustering"] = "AdoNet" }, "run");
        Assert.Contains("ConnectionStrings:Orleans", error);
    }

    [Fact]
    public async Task Silo_with_a_misspelled_Orleans_key_names_it_and_the_nearest_known_key_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Silo, new() { ["Orleans__Storag"] = "AdoNet" });
        Assert.Contains("Orleans:Storag;", error);
        Assert.Contains("did you mean Orleans:Storage?", error);
    }

    [Fact]
    public async Task Silo_with_Orleans_Clusterng_names_Orleans_Clustering_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Silo, new() { ["Orleans__Clusterng"] = "AdoNet" });
        Assert.Contains("did you mean Orleans:Clustering?", error);
    }

    [Fact]
    public async Task Gateway_with_a_misspelled_key_in_a_project_section_names_the_nearest_known_key_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Policy__AtemptsPerDay", "5")));
        Assert.Contains("did you mean Policy:AttemptsPerDay?", error);
        error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Email__Smtp__Hots", "smtp.example.com")));
        Assert.Contains("did you mean Email:Smtp:Host?", error);
    }

    [Fact]
    public async Task Redelivery_job_with_a_misspelled_setting_names_the_nearest_known_key_and_exits_2()
    {
        var error = await RefusedAsync(BuiltProcess.Redelivery, new(), "run", "--Redelivery:ConectTimeout=00:00:01");
        Assert.Contains("did you mean Redelivery:ConnectTimeout?", error);
    }

    [Fact]
    public async Task Silo_with_memory_storage_refuses_to_join_an_AdoNet_cluster()
    {
        var error = await RefusedAsync(BuiltProcess.Silo, new()
        {
            ["Orleans__Clustering"] = "AdoNet",
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=u;Password=p",
        });
        Assert.Contains("Orleans:Storage", error);
        Assert.Contains("AllowMemoryStorageInAdoNetCluster", error);
    }

    [Fact]
    public async Task Production_gateway_with_pickup_email_is_refused_unless_explicitly_allowed()
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Email__AllowPickupOutsideDevelopment", null)));
        Assert.Contains("Email:Mode", error);
        Assert.Contains("Email:AllowPickupOutsideDevelopment=true", error);
    }

    [Fact]
    public async Task Invalid_values_are_refused_in_one_line_too()
    {
        Assert.Contains("Orleans:SiloPort", await RefusedAsync(BuiltProcess.Silo, new() { ["Orleans__SiloPort"] = "eleven" }));
        Assert.Contains("Orleans:AdvertisedIP", await RefusedAsync(BuiltProcess.Silo, new() { ["Orleans__AdvertisedIP"] = "10.0.0.300" }));
        Assert.Contains("Gateway:Mode", await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Gateway__Mode", "Clent"))));
        Assert.Contains("Policy:AttemptsPerDay", await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(("Policy__AttemptsPerDay", "0"))));
    }

    [Theory]
    [InlineData("Pages__Enabeld", "false", "Pages")]
    [InlineData("Pages__Enabled", "maybe", "Pages:Enabled")]
    [InlineData("Pages__ClientId", "has space", "Pages:ClientId")]
    public async Task A_misspelled_or_invalid_pages_setting_stops_the_gateway_in_one_line(string key, string value, string named)
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway((key, value)));
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task Outside_development_an_authority_without_a_pages_client_id_stops_the_gateway_in_one_line()
    {
        var error = await RefusedAsync(BuiltProcess.Gateway, ProductionGateway(
            ("Auth__SigningKey", null), ("Auth__Authority", "https://idp.carrier.test"), ("Auth__Audience", "otpgrains")));
        Assert.Contains("Pages:ClientId", error);
    }
}
