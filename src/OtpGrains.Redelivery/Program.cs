namespace OtpGrains.Redelivery;

public static class RedeliveryProgram
{
    public static int Main(string[] args) => 0;
}
