using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OtpGrains.Tests.Gateway.Infrastructure;

/// <summary>
/// Keeps every log line, at every level, while <see cref="Capturing"/> is on: message, state values,
/// scopes and exceptions, so a test can prove a secret reached none of them. Off, it costs nothing.
/// </summary>
public sealed class LogSink : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public volatile bool Capturing;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => sink.Capturing;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!sink.Capturing) return;
            var line = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) line.Append($" | {key}={value}");
            sink.scopes.ForEachScope((scope, builder) => builder.Append($" | scope={scope}"), line);
            if (exception is not null) line.Append($" | {exception}");
            sink.Lines.Enqueue(line.ToString());
        }
    }
}
