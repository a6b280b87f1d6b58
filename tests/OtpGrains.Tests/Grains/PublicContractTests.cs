using System.Reflection;
using OtpGrains.Domain.Codes;

namespace OtpGrains.Tests.Grains;

/// <summary>The public contracts carry what the product uses: no dead members, no hooks that exist only for tests.</summary>
public sealed class PublicContractTests
{
    [Fact]
    public void Dead_members_and_the_outbox_test_hook_are_not_on_the_public_contracts()
    {
        Assert.Null(typeof(IPackageGrain).GetMethod("FlushOutbox"));
        Assert.Null(typeof(DriverCommand).GetProperty("Note"));
        Assert.Null(typeof(OtpKeyRing).GetProperty("KeyIds"));
        var clusterSettings = ProductTypes().Single(t => t.Name == "OtpClusterOptions");
        Assert.Null(clusterSettings.GetProperty("UsesAdoNet"));
    }

    /// <summary>Every type of the product's own assemblies, found from the gateway down (they move between projects).</summary>
    private static IEnumerable<Type> ProductTypes()
    {
        var seen = new HashSet<string>();
        var pending = new Queue<Assembly>([typeof(Program).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name!)) continue;
            foreach (var type in assembly.GetTypes()) yield return type;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("OtpGrains", StringComparison.Ordinal)))
                pending.Enqueue(Assembly.Load(reference));
        }
    }
}
