namespace OtpGrains.Silo;

/// <summary>
/// The silo host. <c>migrate</c> applies the SQL migrations and exits; otherwise it runs a silo
/// until SIGTERM or Ctrl+C, then leaves the cluster gracefully.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != "migrate").ToArray());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo => silo.UseOtpSilo(builder.Configuration, builder.Environment));
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
