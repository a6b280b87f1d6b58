global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
global using Orleans;
global using Orleans.Configuration;
global using Orleans.Hosting;
global using OtpGrains.Hosting.Postgres;
global using OtpGrains.Hosting.Configuration;
