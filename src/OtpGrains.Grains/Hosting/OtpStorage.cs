namespace OtpGrains.Grains.Hosting;

/// <summary>The grain storage every OtpGrains grain persists to.</summary>
public static class OtpStorage
{
    public const string Name = "otp";
}
