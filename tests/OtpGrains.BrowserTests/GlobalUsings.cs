global using System.Net;
global using Microsoft.Playwright;
global using OtpGrains.BrowserTests.Infrastructure;
global using OtpGrains.Tests.Support;
global using static Microsoft.Playwright.Assertions;
