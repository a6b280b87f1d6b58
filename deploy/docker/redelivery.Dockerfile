# syntax=docker/dockerfile:1
# The OtpGrains redelivery job, an Orleans client that runs to completion. Build from the
# repository root:
#   docker build -f deploy/docker/redelivery.Dockerfile -t otpgrains/redelivery .
# The default command is "run" (yesterday in each station's time zone); pass arguments to
# override it, e.g. "run --date 2026-12-01 --json". Non-root; nothing is written to disk.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/OtpGrains.Redelivery/OtpGrains.Redelivery.csproj -c Release -o /app -p:UseAppHost=false \
 && rm -f /app/appsettings.Development.json

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0
USER $APP_UID
ENTRYPOINT ["dotnet", "OtpGrains.Redelivery.dll"]
CMD ["run"]
