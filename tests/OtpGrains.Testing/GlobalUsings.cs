global using System.Collections.Immutable;
global using OtpGrains.Contracts;
global using OtpGrains.Domain;
global using OtpGrains.Domain.Drivers;
global using OtpGrains.Domain.Packages;
global using OtpGrains.Domain.Routes;
global using OtpGrains.Hosting;
global using OtpGrains.Hosting.Postgres;
