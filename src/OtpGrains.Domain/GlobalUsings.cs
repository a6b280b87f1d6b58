global using System.Collections.Immutable;
global using Orleans;
global using System.Text.Json.Serialization;
