global using System.Collections.Immutable;
global using Orleans;
global using OtpGrains.Contracts;
global using OtpGrains.Domain;
global using OtpGrains.Domain.Packages;
global using OtpGrains.Domain.Stations;
global using OtpGrains.Hosting.Configuration;
