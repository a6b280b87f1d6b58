using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OtpGrains.Redelivery;

/// <summary>
/// The <c>--json</c> summary: exactly the keys CONFIG.md fixes, since scripts depend on them. Details
/// beyond these (per station, already handled, failures) are in the human summary and on standard error.
/// </summary>
public static class SummaryJson
{
    public static string Write(RedeliverySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("date", summary.Date);
            json.WriteNumber("stations", summary.Stations.Length);
            json.WriteNumber("scheduled", summary.Scheduled);
            json.WriteNumber("newCodes", summary.NewCodes);
            json.WriteNumber("returnedToShipper", summary.ReturnedToShipper);
            json.WriteNumber("notReturned", summary.NotReturned);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
