namespace OtpGrains.Gateway.Apis;

/// <summary>The problem responses every authenticated route can give, for OpenAPI.</summary>
public static class ProblemMetadata
{
    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>401, 403, 404, 429, 500 and 503 apply to every <c>/v1</c> route.</summary>
    public static RouteGroupBuilder WithAuthenticatedProblems(this RouteGroupBuilder group) =>
        group.WithProblems(401, 403, 404, 429, 500, 503);

    /// <summary>Routes with a JSON body can also answer 413 and 415.</summary>
    public static TBuilder WithBodyProblems<TBuilder>(this TBuilder route) where TBuilder : IEndpointConventionBuilder => route.WithProblems(413, 415);
}
