namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>Gateway tests share one Development host and run one class at a time against it.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<DevelopmentGateway>
{
    public const string Name = "gateway";
}
