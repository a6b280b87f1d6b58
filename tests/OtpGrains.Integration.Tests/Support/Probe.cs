using System.Net;

namespace OtpGrains.Tests.Support;

/// <summary>Asks a process that may still be starting (or already gone) for a status code, as a readiness probe does.</summary>
public static class Probe
{
    /// <summary>The status <paramref name="url"/> answers with, or null when nothing answers (yet).</summary>
    public static async Task<HttpStatusCode?> StatusOf(this HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
