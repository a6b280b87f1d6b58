global using System.Collections.Immutable;
global using OtpGrains.Domain;
global using OtpGrains.Domain.Drivers;
global using OtpGrains.Domain.Packages;
global using OtpGrains.Domain.Routes;
