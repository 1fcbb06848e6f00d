using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>
/// A loopback stand-in for <c>POST /iam/v2/invitations</c> that shares no code with the simulator or the module, so the
/// peer scenarios measure every client against the same independent server: each answer (a 201 with the invitation,
/// or a 429) comes after <see cref="Latency"/>; with a rate limit, at most <see cref="PerWindow"/> requests are accepted
/// per fixed window that starts with the first request after the previous one ended (counted when a request arrives),
/// and every answer carries <c>X-RateLimit-Limit/-Remaining/-Reset</c> (Reset in whole seconds, rounded up, as the
/// contract's relative seconds) and a 429 <c>Retry-After</c>. <c>POST /_bench/start</c> starts a measurement: it clears
/// the counters and created rows and switches the limit on (warm-up requests before it are never limited).
/// </summary>
public sealed class PeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<string, int> _created = new(StringComparer.OrdinalIgnoreCase);
    private long _windowStart;
    private int _windowCount;
    private bool _windowOpen;
    private volatile bool _measuring;
    private long _requests, _rateLimited, _duplicates;
    private readonly ConcurrentQueue<(long At, int Status)> _arrivals = new();
    private long _startedAt;

    /// <summary>When each measured request arrived (ms since the measurement started) and how it was answered, in arrival order.</summary>
    public IReadOnlyList<(double Ms, int Status)> Arrivals =>
        _arrivals.Select(a => ((a.At - _startedAt) * 1000.0 / Stopwatch.Frequency, a.Status)).ToList();

    private PeerServer(WebApplication app, TimeSpan latency, int? perWindow, TimeSpan window)
    {
        _app = app;
        Latency = latency;
        PerWindow = perWindow;
        Window = window;
    }

    public TimeSpan Latency { get; }
    public int? PerWindow { get; }
    public TimeSpan Window { get; }
    public Uri BaseUri { get; private set; } = null!;
    public const string ApiKey = "PEERKEY0123456789";
    public const string ApiSecret = "peer-secret-0123456789abcdef";

    /// <summary>Requests (any status) since the measurement started.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    /// <summary>Creates of an email already created (a blind resend that went through twice).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);
    /// <summary>Distinct emails created since the measurement started.</summary>
    public int Created(string prefix) => _created.Keys.Count(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    public static async Task<PeerServer> StartAsync(TimeSpan latency, int? perWindow = null, TimeSpan? window = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new PeerServer(app, latency, perWindow, window ?? TimeSpan.FromSeconds(1));
        app.MapPost("/_bench/start", server.Start);
        app.MapPost("/iam/v2/invitations", server.CreateAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Starts a measurement from this process (as <c>POST /_bench/start</c> does from pwsh).</summary>
    public void StartMeasuring() => Start();

    private IResult Start()
    {
        lock (_lock)
        {
            _created.Clear();
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _rateLimited, 0);
            Interlocked.Exchange(ref _duplicates, 0);
            _windowOpen = false;
            _arrivals.Clear();
            _startedAt = Stopwatch.GetTimestamp();
            _measuring = true;
        }
        return Results.NoContent();
    }

    /// <summary>Stops limiting and counting until the next start (the next variant's warm-up).</summary>
    public void StopMeasuring() => _measuring = false;

    private async Task CreateAsync(HttpContext ctx)
    {
        var measuring = _measuring;
        if (measuring) Interlocked.Increment(ref _requests);
        var (allowed, remaining, reset) = Count(measuring);
        if (measuring) _arrivals.Enqueue((Stopwatch.GetTimestamp(), allowed ? 201 : 429));
        string? email = null;
        var body = await JsonDocument.ParseAsync(ctx.Request.Body).ConfigureAwait(false);
        if (body.RootElement.TryGetProperty("email", out var e)) email = e.GetString();
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency).ConfigureAwait(false);

        var response = ctx.Response;
        if (PerWindow is int limit && measuring)
        {
            response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        }
        if (!ctx.Request.Headers.ContainsKey("Authorization"))
        {
            await Error(response, 401, "unauthorized", "Authentication is required.").ConfigureAwait(false);
            return;
        }
        if (!allowed)
        {
            if (measuring) Interlocked.Increment(ref _rateLimited);
            response.Headers["Retry-After"] = Math.Max(1, reset).ToString(CultureInfo.InvariantCulture);
            await Error(response, 429, "too_many_requests", "Too many requests.").ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrEmpty(email))
        {
            await Error(response, 400, "invalid_input", "email is required.").ConfigureAwait(false);
            return;
        }
        var id = "i-" + Guid.NewGuid().ToString("N")[..8];
        if (measuring && _created.AddOrUpdate(email, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _duplicates);
            await Error(response, 409, "conflict", $"An invitation for the email '{email}' already exists.").ConfigureAwait(false);
            return;
        }
        response.StatusCode = 201;
        response.ContentType = "application/json";
        var self = $"{BaseUri}iam/v2/invitations/{id}";
        response.Headers.Location = self;
        await response.WriteAsync(Invitation(id, email, self)).ConfigureAwait(false);
    }

    /// <summary>Counts a request in the current window: whether it is allowed, what is left and the whole seconds until the window ends.</summary>
    private (bool Allowed, int Remaining, int Reset) Count(bool measuring)
    {
        if (PerWindow is not int limit || !measuring) return (true, 0, 0);
        var now = Stopwatch.GetTimestamp();
        var windowTicks = (long)(Window.TotalSeconds * Stopwatch.Frequency);
        lock (_lock)
        {
            if (!_windowOpen || now - _windowStart >= windowTicks)
            {
                _windowStart = now;
                _windowCount = 0;
                _windowOpen = true;
            }
            _windowCount++;
            var left = _windowStart + windowTicks - now;
            var reset = (int)((left + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
            return (_windowCount <= limit, Math.Max(0, limit - _windowCount), reset);
        }
    }

    private static string Invitation(string id, string email, string self)
    {
        var now = DateTimeOffset.UtcNow;
        var created = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var expires = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var sb = new StringBuilder(640);
        sb.Append("{\"api_version\":\"iam/v2\",\"kind\":\"Invitation\",\"id\":\"").Append(id).Append("\",\"metadata\":{\"self\":\"").Append(self)
          .Append("\",\"resource_name\":\"crn://confluent.cloud/organization=peer-org/invitation=").Append(id)
          .Append("\",\"created_at\":\"").Append(created).Append("\",\"updated_at\":\"").Append(created).Append("\"},\"email\":")
          .Append(JsonSerializer.Serialize(email))
          .Append(",\"auth_type\":\"AUTH_TYPE_LOCAL\",\"status\":\"INVITE_STATUS_SENT\",\"accepted_at\":null,\"expires_at\":\"").Append(expires)
          .Append("\",\"user\":{\"id\":\"u-peer1\",\"related\":\"https://api.confluent.cloud/iam/v2/users/u-peer1\",\"resource_name\":\"crn://confluent.cloud/organization=peer-org/user=u-peer1\"}")
          .Append(",\"creator\":{\"id\":\"u-admin\",\"related\":\"https://api.confluent.cloud/iam/v2/users/u-admin\",\"resource_name\":\"crn://confluent.cloud/organization=peer-org/user=u-admin\"}}");
        return sb.ToString();
    }

    private static Task Error(HttpResponse response, int status, string code, string detail)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var statusText = status.ToString(CultureInfo.InvariantCulture);
        return response.WriteAsync($"{{\"errors\":[{{\"id\":\"{Guid.NewGuid():N}\",\"status\":\"{statusText}\",\"code\":\"{code}\",\"title\":\"{code}\",\"detail\":{JsonSerializer.Serialize(detail)}}}]}}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
