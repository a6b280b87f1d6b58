using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using OtpGrains.Silo;

namespace OtpGrains.Tests.Support;

/// <summary>Grain state as the silo's storage serializer writes it, without a silo.</summary>
public static class StoredShapes
{
    public static readonly IGrainStorageSerializer Serializer = Create();

    public static string Serialize<T>(T state) => Serializer.Serialize(state).ToString();

    public static T Deserialize<T>(string json) => Serializer.Deserialize<T>(BinaryData.FromString(json)) ?? throw new InvalidOperationException("null state");

    private static SystemTextJsonGrainStorageSerializer Create()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        StoredJson.Configure(options.JsonSerializerOptions);
        return new SystemTextJsonGrainStorageSerializer(Options.Create(options));
    }
}
