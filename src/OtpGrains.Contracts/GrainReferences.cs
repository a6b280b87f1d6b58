namespace OtpGrains.Contracts;

/// <summary>
/// Grain references by string key, with the interface's grain type resolved once per process.
/// Orleans' <c>GetGrain&lt;T&gt;(string)</c> resolves it again on every call, by reflection over the
/// interface's attributes and type name, which was 2-3 % of the gateway's and the silo's CPU in the
/// benchmark (an itinerary alone takes one reference per stop).
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var (type, interfaceType) = Resolved<T>.Types ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(type, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)grains.GetGrain<T>("resolve");
        return (reference.GrainId.Type, reference.InterfaceType);
    }

    private static class Resolved<T>
    {
        public static (GrainType, GrainInterfaceType)? Types;
    }
}
