namespace OtpGrains.Contracts;

/// <summary>The drivers who made entries at the door (or were refused one) on one UTC date, keyed <c>yyyy-MM-dd</c>.</summary>
[Alias("otpgrains.IDriverDayGrain")]
public interface IDriverDayGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string driverId);

    [Alias("GetDrivers")] Task<ImmutableList<string>> GetDrivers();
}
