global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Orleans.Configuration;
global using Orleans.Hosting;
global using OtpGrains.Hosting;
global using OtpGrains.Hosting.Postgres;
global using OtpGrains.Hosting.Configuration;
