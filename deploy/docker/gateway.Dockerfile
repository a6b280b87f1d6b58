# syntax=docker/dockerfile:1
# The OtpGrains HTTP gateway, in Client mode (it joins the silos' cluster). Build from the
# repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t otpgrains/gateway .
# Runs as a non-root user on a read-only root file system (only /tmp needs to be writable).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# The gateway references the silo project for Embedded mode, which embeds the SQL migrations.
COPY deploy/sql/ deploy/sql/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/OtpGrains.Gateway/OtpGrains.Gateway.csproj -c Release -o /app -p:UseAppHost=false \
 && rm -f /app/appsettings.Development.json

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# Production: /dev/tokens does not exist and Auth:* is required; Client mode, because Embedded
# mode keeps state in memory. The API listens on 8080 on every interface, given as URLS (not the
# base image's HTTP_PORTS) so that a separate Management:Urls listener adds to it.
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_EnableDiagnostics=0 \
    Gateway__Mode=Client
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "OtpGrains.Gateway.dll"]
