# syntax=docker/dockerfile:1
# The OtpGrains silo. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t otpgrains/silo .
# Runs as a non-root user on a read-only root file system (only /tmp needs to be writable, and
# only for temporary files); "migrate" as the first argument applies deploy/sql and exits.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# The silo embeds the SQL migrations, so they are part of the build context.
COPY deploy/sql/ deploy/sql/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/OtpGrains.Silo/OtpGrains.Silo.csproj -c Release -o /app -p:UseAppHost=false \
 && rm -f /app/appsettings.Development.json

# aspnet, not runtime: the silo's management listener (/metrics, /health/*) is ASP.NET Core.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# Production: no /dev/tokens, no development key ring; Otp:Keys and the connection string come
# from the orchestrator's secrets. The base image's HTTP port is cleared so the only listener is
# the management one; the diagnostics socket is off because the root file system is read-only.
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_EnableDiagnostics=0 \
    Management__Urls=http://0.0.0.0:18080
EXPOSE 11111 30000 18080
USER $APP_UID
ENTRYPOINT ["dotnet", "OtpGrains.Silo.dll"]
