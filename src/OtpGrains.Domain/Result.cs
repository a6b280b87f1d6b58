namespace OtpGrains.Domain;

/// <summary>A command's answer: a value, or a refusal with a human-readable detail that never holds a code.</summary>
[GenerateSerializer, Immutable, Alias("otpgrains.Result`1")]
public sealed record Result<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] Fault? Fault,
    [property: Id(2)] string? Detail)
{
    public bool IsOk => Fault is null;

    public static Result<T> Ok(T value) => new(value, null, null);

    public static Result<T> Refuse(Fault fault, string detail) => new(default, fault, detail);

    /// <summary>The same refusal, carried as a result of another type.</summary>
    public Result<TOther> Cast<TOther>() =>
        Fault is { } fault ? Result<TOther>.Refuse(fault, Detail ?? fault.ToString()) : throw new InvalidOperationException("Only a refusal can change type.");
}
