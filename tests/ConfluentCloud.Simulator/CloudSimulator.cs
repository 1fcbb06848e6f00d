using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ConfluentCloud.Simulator;

/// <summary>
/// A loopback, in-process stand-in for Confluent Cloud's iam/v2 invitations and partner/v2 signup APIs
/// (plus the OAuth client-credentials token endpoint). Stateful, thread-safe and deterministic.
/// </summary>
public sealed partial class CloudSimulator : IAsyncDisposable
{
    /// <summary>The organization the simulator's API keys belong to (used in iam/v2 CRNs).</summary>
    public const string OrganizationId = "5f1b3c2a-0d4e-4b6f-9a7c-8e2d1f0a3b4c";

    /// <summary>The OAuth scopes of the partner contract; a token gets all of them unless the request names fewer.
    /// <c>marketplace::describe</c> is not in the spec's list of scopes, but the organizations operations require it.</summary>
    public static readonly string[] PartnerScopes = ["partner:alter", "partner:create", "partner:delete", "partner:describe", "marketplace::describe"];

    /// <summary>The scope a partner/v2 operation declares (its <c>security: oauth: [...]</c>): <c>partner:create</c> for every POST,
    /// <c>marketplace::describe</c> for reading organizations, <c>partner:describe</c> for reading entitlements.</summary>
    public static string RequiredScope(string method, string path) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) ? "partner:create"
        : path.StartsWith("/partner/v2/organizations", StringComparison.Ordinal) ? "marketplace::describe"
        : "partner:describe";

    /// <summary>Path of the OAuth 2.0 client-credentials token endpoint (the partner spec's <c>tokenUrl</c>).</summary>
    public const string TokenPath = "/oauth2/token";

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _shutdown = new();
    private readonly InvitationStore _invitations = new();
    private readonly PartnerStore _partner = new();
    private readonly UserStore _users = new();
    private readonly object _iamLock = new(); // invitation + its user, user delete + invitation state: one step
    private readonly FaultEngine _faults = new();
    private readonly RequestLog _log = new();
    private readonly RateWindow _rate = new();
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private string _base = "";
    private long _seq;
    private int _inFlight;
    private int _disposed;

    private CloudSimulator(SimulatorOptions options)
    {
        Options = options;
        BaseUri = new Uri("http://127.0.0.1/");
        SeedAdmin();
    }

    /// <summary>Email of the organization's admin user (<c>u-simadmin</c>), the principal behind the simulator's credentials.</summary>
    public const string AdminEmail = "admin@simulator.example.com";

    private void SeedAdmin() => _users.Ensure(InvitationStore.CreatorUserId, AdminEmail, "AUTH_TYPE_LOCAL", "Simulator Admin");

    /// <summary>Base address, e.g. <c>http://127.0.0.1:54321</c> (as a Uri it prints with a trailing '/').</summary>
    public Uri BaseUri { get; private set; }

    /// <summary>The live options; changes take effect on the next request.</summary>
    public SimulatorOptions Options { get; }

    public SimulatorStats Stats { get; } = new();

    /// <summary>Snapshot copy of the request log (API requests only, not the token endpoint), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>Snapshot of the non-deleted invitations, in creation order.</summary>
    public IReadOnlyList<SimInvitation> Invitations => _invitations.Snapshot();

    /// <summary>Snapshot of the iam/v2 users (the admin <c>u-simadmin</c> first, then invitees and seeded users), in creation order.</summary>
    public IReadOnlyList<SimUser> Users => _users.Users();

    /// <summary>Snapshot of the iam/v2 role bindings, in creation order.</summary>
    public IReadOnlyList<SimRoleBinding> RoleBindings => _users.Bindings();

    /// <summary>Snapshot of the partner's organizations: created by real (not dry-run) signups, and linked by real
    /// <c>/partner/v2/signup/link</c> calls (<see cref="SimSignup.Linked"/>), in creation order.</summary>
    public IReadOnlyList<SimSignup> Signups => _partner.Signups();

    /// <summary>The same as <see cref="Signups"/>: what <c>GET /partner/v2/organizations</c> lists.</summary>
    public IReadOnlyList<SimSignup> Organizations => _partner.Signups();

    /// <summary>Snapshot of all entitlements (created by signup or seeded), in creation order.</summary>
    public IReadOnlyList<SimEntitlement> Entitlements => _partner.Entitlements();

    /// <summary>Starts a simulator on 127.0.0.1 (port 0 = a free port).</summary>
    public static async Task<CloudSimulator> StartAsync(SimulatorOptions? options = null, int port = 0)
    {
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port));
        var sim = new CloudSimulator(options ?? new SimulatorOptions());

        // Empty builder: no appsettings, no environment variables (ASPNETCORE_URLS), no logging providers.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CloudSimulator).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1);
        });
        // Never hook Ctrl+C / SIGTERM of the hosting process (xunit, benchmarks).
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        var app = builder.Build();
        app.Run(sim.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel did not report its address.");
        var bound = new Uri(address);
        sim._app = app;
        sim._base = $"http://127.0.0.1:{bound.Port.ToString(CultureInfo.InvariantCulture)}";
        sim.BaseUri = new Uri(sim._base);
        return sim;
    }

    /// <summary>Adds a fault rule (evaluated after earlier rules).</summary>
    public void AddFault(FaultRule rule) => _faults.Add(rule);

    public void ClearFaults() => _faults.Clear();

    /// <summary>Creates an invitation directly (pre-existing data), e.g. one already accepted
    /// (<c>status: "INVITE_STATUS_ACCEPTED"</c>). Throws if the email already has one.
    /// Does not count in <see cref="SimulatorStats.InvitationsCreated"/>.</summary>
    public SimInvitation SeedInvitation(string email, string? authType = null, string? status = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_iamLock)
        {
            if (_users.UserIdByEmail(email.Trim()) is string taken) throw new InvalidOperationException($"The email '{email}' already belongs to {taken}.");
            var (inv, created) = _invitations.Create(email.Trim(), authType ?? "AUTH_TYPE_LOCAL", seeded: true, status);
            if (!created) throw new InvalidOperationException($"An invitation for '{email}' already exists ({inv.Id}).");
            _users.Ensure(inv.UserId, inv.Email, inv.AuthType);
            return inv;
        }
    }

    /// <summary>Creates a user that has no invitation (a member who joined long ago). Throws if the email is taken.</summary>
    public SimUser SeedUser(string email, string fullName = "", string authType = "AUTH_TYPE_LOCAL")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_iamLock)
        {
            if (_users.UserIdByEmail(email.Trim()) is string taken) throw new InvalidOperationException($"The email '{email}' already belongs to {taken}.");
            return _users.Ensure(_users.NextSeededUserId(), email.Trim(), authType, fullName);
        }
    }

    /// <summary>Creates a role binding directly (pre-existing data). Does not count in <see cref="SimulatorStats.RoleBindingsCreated"/>.
    /// Throws if the same principal/role/CRN pattern is already bound.</summary>
    public SimRoleBinding SeedRoleBinding(string principal, string roleName, string crnPattern)
    {
        if (_users.CreateBinding(principal, roleName, crnPattern, requireKnownUser: false, out var b) != BindingOutcome.Created)
            throw new InvalidOperationException($"The role binding {principal} {roleName} {crnPattern} already exists ({b.Id}).");
        return b;
    }

    /// <summary>The organization's CRN, the root of every <c>crn_pattern</c>: <c>crn://confluent.cloud/organization=&lt;id&gt;</c>.</summary>
    public static string OrganizationCrn => $"crn://confluent.cloud/organization={OrganizationId}";

    /// <summary>Creates an entitlement that is not linked to any organization yet, so a signup can reference it
    /// (<c>entitlement: {id, related, resource_name}</c>). Throws if <paramref name="externalId"/> is taken.</summary>
    public SimEntitlement SeedEntitlement(string externalId, string name = "Seeded Entitlement",
        string planId = "confluent-cloud-payg-prod", string productId = "confluent-cloud-kafka-service-azure")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        return _partner.SeedEntitlement(new EntitlementDetails { ExternalId = externalId, Name = name, PlanId = planId, ProductId = productId });
    }

    /// <summary>The <c>related</c> URL of an entitlement on this simulator.</summary>
    public string EntitlementUrl(string entitlementId) => $"{_base}/partner/v2/entitlements/{entitlementId}";

    /// <summary>Invalidates every OAuth access token issued so far (as a key rotation would): their next use answers 401.</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Clears data, the request log, statistics, faults and id counters. Issued tokens stay valid.</summary>
    public void Reset()
    {
        _faults.Clear();
        _invitations.Clear();
        _partner.Clear();
        _users.Clear();
        SeedAdmin();
        _log.Clear();
        _rate.Reset();
        Interlocked.Exchange(ref _seq, 0);
        Stats.Reset(Volatile.Read(ref _inFlight));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _shutdown.Cancel(); // ends pending latency / SlowResponse delays
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(ShutdownTimeout);
            try { await _app.StopAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _shutdown.Dispose();
    }

    // ---------------------------------------------------------------- pipeline

    private Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        return string.Equals(path, TokenPath, StringComparison.Ordinal) ? HandleTokenAsync(ctx) : HandleApiAsync(ctx, path);
    }

    private async Task HandleApiAsync(HttpContext ctx, string path)
    {
        var at = DateTimeOffset.UtcNow;
        var seq = Interlocked.Increment(ref _seq);
        var requestId = Guid.NewGuid().ToString();
        var method = ctx.Request.Method;
        Interlocked.Increment(ref Stats._requests);
        var inFlight = Interlocked.Increment(ref _inFlight);
        Stats.ObserveConcurrency(inFlight);
        var opts = Options;
        int status = 0;
        byte[] body = [];
        try
        {
            body = await ReadBodyAsync(ctx.Request, ctx.RequestAborted).ConfigureAwait(false);
            RateInfo rate;
            ApiResult? result;
            bool truncate = false;

            var authFailure = Authenticate(ctx.Request, path, method);
            if (authFailure is not null)
            {
                rate = _rate.Observe(opts, consume: false);
                result = authFailure;
            }
            else if (opts.ConcurrencyLimit is int limit && inFlight > limit)
            {
                rate = _rate.Observe(opts, consume: false);
                result = ApiResult.TooMany(1);
            }
            else
            {
                rate = _rate.Observe(opts, consume: true);
                if (!rate.Allowed)
                {
                    result = ApiResult.TooMany(rate.RetryAfter);
                }
                else
                {
                    var latency = opts.Latency;
                    if (latency > TimeSpan.Zero) await DelayAsync(latency, ctx).ConfigureAwait(false);
                    var fault = _faults.Evaluate(method, path, isTokenEndpoint: false);
                    if (fault is not null) Interlocked.Increment(ref Stats._faults);
                    var requestBody = body;
                    (result, truncate) = await ApplyFaultAsync(ctx, fault, () => Dispatch(ctx.Request, method, path, requestBody)).ConfigureAwait(false);
                }
            }

            if (result is null)
            {
                ctx.Abort();
                status = 0;
            }
            else
            {
                status = await SendAsync(ctx, result, requestId, rate, truncate).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
            ctx.Abort();
            status = 0;
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
        {
            // a simulator bug: make it visible to the test rather than a bare 500
            status = await SendAsync(ctx, ApiResult.Failure(500, new ApiError("internal_error", "Simulator Error",
                "The simulator failed: " + ex)), requestId, _rate.Observe(opts, consume: false), false).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Stats.CountStatus(status);
            if (status == 429) Interlocked.Increment(ref Stats._rateLimited);
            var capacity = opts.MaxLoggedRequests;
            if (capacity > 0)
            {
                _log.Add(new RecordedRequest
                {
                    Sequence = seq,
                    Method = method,
                    Path = path,
                    Query = ctx.Request.QueryString.Value ?? "",
                    Headers = CopyHeaders(ctx.Request.Headers),
                    Body = opts.LogRequestBodies && body.Length > 0 ? Encoding.UTF8.GetString(body) : null,
                    Status = status,
                    RequestId = requestId,
                    At = at,
                }, capacity);
            }
        }
    }

    /// <summary>Runs the handler under a fault. A null result means: abort the connection.</summary>
    private async Task<(ApiResult? Result, bool Truncate)> ApplyFaultAsync(HttpContext ctx, FaultRule? fault, Func<ApiResult> process)
    {
        if (fault is null) return (process(), false);
        switch (fault.Kind)
        {
            case FaultKind.InternalServerError500:
                return (ApiResult.Failure(500, new ApiError("internal_error", "Internal Server Error",
                    "An internal error occurred (injected by the simulator).")), false);
            case FaultKind.BadGateway502:
                return (ApiResult.Failure(502, new ApiError("bad_gateway", "Bad Gateway",
                    "The upstream service returned an invalid response (injected by the simulator).")), false);
            case FaultKind.ServiceUnavailable503:
                return (ApiResult.Failure(503, new ApiError("service_unavailable", "Service Unavailable",
                    "The service is temporarily unavailable (injected by the simulator).")), false);
            case FaultKind.GatewayTimeout504:
                return (ApiResult.Failure(504, new ApiError("gateway_timeout", "Gateway Timeout",
                    "The upstream service did not answer in time (injected by the simulator).")), false);
            case FaultKind.ResetBeforeProcessing:
                return (null, false);
            case FaultKind.ResetAfterCreate:
                process();
                return (null, false);
            case FaultKind.SlowResponse:
                await DelayAsync(fault.SlowDelay, ctx).ConfigureAwait(false);
                return (process(), false);
            case FaultKind.HtmlBody:
                return (new ApiResult { Status = fault.HtmlStatus, ContentType = "text/html; charset=utf-8", Body = HtmlBadGateway }, false);
            case FaultKind.TruncatedBody:
                return (process(), true);
            case FaultKind.TooManyRequests429:
                var tooMany = ApiResult.TooMany(fault.RetryAfterSeconds);
                if (fault.RetryAfterValue is not null)
                {
                    tooMany.RetryAfter = null;
                    tooMany.RetryAfterRaw = fault.RetryAfterValue;
                }
                return (tooMany, false);
            case FaultKind.GatewayTimeoutAfterProcessing504:
                process();
                return (ApiResult.Failure(504, new ApiError("gateway_timeout", "Gateway Timeout",
                    "The upstream service did not answer in time (injected by the simulator after the request was processed).")), false);
            case FaultKind.EmptyObjectBody:
            {
                var r = process();
                if (r.Status is >= 200 and < 300)
                {
                    r.Body = "{}"u8.ToArray();
                    r.ContentType = JsonText.ContentType;
                }
                return (r, false);
            }
            case FaultKind.RepeatNextPage:
            {
                var r = process();
                if (r.Body is { Length: > 0 } b && System.Text.Json.Nodes.JsonNode.Parse(b) is System.Text.Json.Nodes.JsonObject o
                    && o["metadata"] is System.Text.Json.Nodes.JsonObject meta && meta.ContainsKey("next"))
                {
                    meta["next"] = _base + ctx.Request.Path.Value + ctx.Request.QueryString.Value;
                    r.Body = Encoding.UTF8.GetBytes(o.ToJsonString());
                }
                return (r, false);
            }
            case FaultKind.TrickleBody:
            {
                var r = process();
                r.Trickle = fault.TrickleInterval;
                return (r, false);
            }
            default:
                return (process(), false);
        }
    }

    private static readonly byte[] HtmlBadGateway = Encoding.UTF8.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
        "<hr><center>confluent-cloud-simulator</center>\r\n</body>\r\n</html>\r\n");

    private async Task DelayAsync(TimeSpan delay, HttpContext ctx)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _shutdown.Token);
        await Task.Delay(delay, cts.Token).ConfigureAwait(false);
    }

    private async Task<int> SendAsync(HttpContext ctx, ApiResult result, string requestId, RateInfo? rate, bool truncate)
    {
        var resp = ctx.Response;
        resp.StatusCode = result.Status;
        var h = resp.Headers;
        h["X-Request-Id"] = requestId;
        if (rate is RateInfo r)
        {
            h["X-RateLimit-Limit"] = Int(r.Limit);
            h["X-RateLimit-Remaining"] = Int(r.Remaining);
            h["X-RateLimit-Reset"] = Int(r.ResetSeconds);
        }
        if (result.RetryAfterRaw is not null) h["Retry-After"] = result.RetryAfterRaw;
        else if (result.RetryAfter is int retryAfter) h["Retry-After"] = Int(retryAfter);
        if (result.Location is not null) h.Location = result.Location;
        if (result.WwwAuthenticate is not null) h.WWWAuthenticate = result.WwwAuthenticate;
        if (result.Allow is not null) h.Allow = result.Allow;
        if (result.NoStore)
        {
            h.CacheControl = "no-store";
            h.Pragma = "no-cache";
        }

        var body = result.Body;
        if (body is { Length: > 0 })
        {
            var length = truncate ? body.Length / 2 : body.Length;
            resp.ContentType = result.ContentType ?? JsonText.ContentType;
            resp.ContentLength = length;
            if (result.Trickle is TimeSpan pause)
            {
                await resp.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
                for (int i = 0; i < length; i++)
                {
                    await resp.Body.WriteAsync(body.AsMemory(i, 1), ctx.RequestAborted).ConfigureAwait(false);
                    await resp.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
                    if (i < length - 1) await DelayAsync(pause, ctx).ConfigureAwait(false);
                }
            }
            else await resp.Body.WriteAsync(body.AsMemory(0, length), ctx.RequestAborted).ConfigureAwait(false);
        }
        else if (result.Status != 204 && result.Status >= 200)
        {
            resp.ContentLength = 0;
        }
        return result.Status;
    }

    private static string Int(int v) => v switch
    {
        0 => "0",
        1 => "1",
        _ => v.ToString(CultureInfo.InvariantCulture),
    };

    private static IReadOnlyDictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var d = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var kv in headers) d[kv.Key] = kv.Value.ToString();
        return d;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength == 0) return [];
        if (req.ContentLength is long len and <= 4 * 1024 * 1024)
        {
            var buf = new byte[len];
            int read = 0;
            while (read < buf.Length)
            {
                var n = await req.Body.ReadAsync(buf.AsMemory(read), ct).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
            return read == buf.Length ? buf : buf[..read];
        }
        using var ms = new MemoryStream();
        await req.Body.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    // ---------------------------------------------------------------- authentication

    private static readonly string[] ChallengeIam = ["Basic realm=\"Confluent Cloud\"", "Bearer realm=\"Confluent Cloud\""];
    private static readonly string[] ChallengePartner = ["Bearer realm=\"Confluent Cloud\""];

    private static ApiResult Unauthenticated(string detail, params string[] challenges)
    {
        var r = ApiResult.Failure(401, new ApiError("user_unauthenticated", "Authentication Required", detail));
        r.WwwAuthenticate = challenges;
        return r;
    }

    /// <summary>Returns null when the request may proceed, else the 401/403 answer.</summary>
    private ApiResult? Authenticate(HttpRequest req, string path, string method)
    {
        var o = Options;
        bool partner = path.StartsWith("/partner/", StringComparison.Ordinal);
        var header = req.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return Unauthenticated("Valid authentication credentials must be provided.", partner ? ChallengePartner : ChallengeIam);

        header = header.Trim();
        var sp = header.IndexOf(' ');
        var scheme = sp < 0 ? header : header[..sp];
        var param = sp < 0 ? "" : header[(sp + 1)..].Trim();

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (partner)
                return Unauthenticated("The partner/v2 API accepts only OAuth access tokens (Authorization: Bearer); API keys are not accepted.",
                    "Bearer realm=\"Confluent Cloud\", error=\"invalid_request\", error_description=\"An OAuth bearer token is required\"");
            if (!TryDecodeBasic(param, out var user, out var secret))
                return Unauthenticated("The Authorization header is not valid Basic credentials.",
                    "Basic realm=\"Confluent Cloud\", error=\"invalid_request\", error_description=\"Malformed Basic credentials\"");
            if (user == o.ApiKey && secret == o.ApiSecret) return null;
            if (user == o.ReadOnlyApiKey && secret == o.ReadOnlyApiSecret)
            {
                if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) return null;
                return ApiResult.Failure(403, new ApiError("user_unauthorized", "User Access Unauthorized",
                    $"The API key '{user}' is read-only and is not allowed to {method} '{path}'."));
            }
            return Unauthenticated("The API key or secret is invalid.",
                "Basic realm=\"Confluent Cloud\", error=\"invalid_key\", error_description=\"The API Key is invalid\"");
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            // iam-rolebindings-v2 declares only the api-key (HTTP Basic) security scheme
            if (path.StartsWith(RoleBindingsPath, StringComparison.Ordinal))
                return Unauthenticated("The role bindings API accepts only API keys (Authorization: Basic); bearer tokens are not accepted.",
                    "Basic realm=\"Confluent Cloud\", error=\"invalid_request\", error_description=\"An API key is required\"");
            if (param.Length > 0 && param == o.StaticBearerToken) return null;
            if (param.Length > 0 && _tokens.TryGetValue(param, out var issued))
            {
                if (Stopwatch.GetTimestamp() < issued.Expiry)
                {
                    // partner/v2 operations declare the scope they need (security: oauth: [scope])
                    var needed = RequiredScope(method, path);
                    if (!partner || issued.Scopes.Contains(needed)) return null;
                    return ApiResult.Failure(403, new ApiError("user_unauthorized", "User Access Unauthorized",
                        $"The access token was issued without the scope '{needed}', which {method} '{path}' requires."));
                }
                _tokens.TryRemove(param, out _);
                return Unauthenticated("The access token has expired.",
                    "Bearer realm=\"Confluent Cloud\", error=\"invalid_token\", error_description=\"The access token expired\"");
            }
            return Unauthenticated("The access token is invalid.",
                "Bearer realm=\"Confluent Cloud\", error=\"invalid_token\", error_description=\"The access token is invalid\"");
        }

        return Unauthenticated($"The authorization scheme '{scheme}' is not supported.", partner ? ChallengePartner : ChallengeIam);
    }

    private static bool TryDecodeBasic(string param, out string user, out string secret)
    {
        user = secret = "";
        if (param.Length == 0) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(param));
            var colon = text.IndexOf(':');
            if (colon < 0) return false;
            user = text[..colon];
            secret = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // ---------------------------------------------------------------- OAuth token endpoint

    private async Task HandleTokenAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref Stats._tokenRequests);
        var requestId = Guid.NewGuid().ToString();
        try
        {
            var body = await ReadBodyAsync(ctx.Request, ctx.RequestAborted).ConfigureAwait(false);
            var fault = _faults.Evaluate(ctx.Request.Method, TokenPath, isTokenEndpoint: true);
            if (fault is not null) Interlocked.Increment(ref Stats._faults);
            var (result, truncate) = await ApplyFaultAsync(ctx, fault, () => IssueToken(ctx.Request, body)).ConfigureAwait(false);
            if (result is null) ctx.Abort();
            else await SendAsync(ctx, result, requestId, null, truncate).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
            ctx.Abort();
        }
    }

    private static ApiResult OAuthError(int status, string error, string description)
    {
        var body = JsonText.Write((error, description), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("error", s.error);
            w.WriteString("error_description", s.description);
            w.WriteEndObject();
        });
        var r = ApiResult.Json(status, body);
        r.NoStore = true;
        if (status == 401) r.WwwAuthenticate = ["Basic realm=\"oauth2\", error=\"invalid_client\""];
        return r;
    }

    private ApiResult IssueToken(HttpRequest req, byte[] body)
    {
        var o = Options;
        if (!HttpMethods.IsPost(req.Method))
        {
            var r = OAuthError(405, "invalid_request", "The token endpoint accepts only POST.");
            r.Allow = "POST";
            return r;
        }
        var ct = req.ContentType ?? "";
        var semi = ct.IndexOf(';');
        if (!(semi >= 0 ? ct[..semi] : ct).Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return OAuthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

        string? basicId = null, basicSecret = null;
        var auth = req.Headers.Authorization.ToString();
        if (!string.IsNullOrWhiteSpace(auth))
        {
            auth = auth.Trim();
            if (!auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || !TryDecodeBasic(auth[6..].Trim(), out var u, out var s))
                return OAuthError(401, "invalid_client", "Client authentication failed: unsupported or malformed Authorization header.");
            // RFC 6749 §2.3.1: the client id and secret are form-urlencoded before Basic encoding
            basicId = FormDecode(u);
            basicSecret = FormDecode(s);
        }

        var formId = Field("client_id");
        var formSecret = Field("client_secret");
        if (basicId is not null && formSecret is not null)
            return OAuthError(400, "invalid_request", "Use exactly one client authentication method (Basic or client_secret in the body), not both.");
        if (basicId is not null && formId is not null && formId != basicId)
            return OAuthError(400, "invalid_request", "client_id in the body does not match the Basic credentials.");

        var clientId = basicId ?? formId;
        var clientSecret = basicSecret ?? formSecret;
        if (clientId is null || clientSecret is null)
            return OAuthError(401, "invalid_client", "Client authentication failed: no client credentials were sent.");
        if (clientId != o.OAuthClientId || clientSecret != o.OAuthClientSecret)
            return OAuthError(401, "invalid_client", "Client authentication failed.");

        var grant = Field("grant_type");
        if (grant is null) return OAuthError(400, "invalid_request", "grant_type is required.");
        if (grant != "client_credentials") return OAuthError(400, "unsupported_grant_type", $"The grant type '{grant}' is not supported; use client_credentials.");

        var scope = Field("scope") ?? string.Join(' ', PartnerScopes);
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = scopes.FirstOrDefault(x => Array.IndexOf(PartnerScopes, x) < 0);
        if (unknown is not null)
            return OAuthError(400, "invalid_scope", $"The scope '{unknown}' is unknown; the partner API knows {string.Join(", ", PartnerScopes)}.");
        var lifetime = o.TokenLifetime;
        var token = "sim-at-" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = Stopwatch.GetTimestamp();
        _tokens[token] = new IssuedToken(now + (long)(lifetime.TotalSeconds * Stopwatch.Frequency), scopes);
        if (_tokens.Count > 10_000) PurgeExpiredTokens(now);

        var expiresIn = (long)Math.Max(0, Math.Floor(lifetime.TotalSeconds));
        var json = JsonText.Write((token, expiresIn, scope), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", s.token);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", s.expiresIn);
            w.WriteString("scope", s.scope);
            w.WriteEndObject();
        });
        var ok = ApiResult.Json(200, json);
        ok.NoStore = true;
        return ok;
    }

    private void PurgeExpiredTokens(long now)
    {
        foreach (var kv in _tokens)
            if (kv.Value.Expiry <= now) _tokens.TryRemove(kv.Key, out _);
    }

    private static string FormDecode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>An issued access token: when it expires (Stopwatch ticks) and the scopes it was granted.</summary>
internal readonly record struct IssuedToken(long Expiry, IReadOnlySet<string> Scopes);

internal readonly record struct RateInfo(bool Allowed, int Limit, int Remaining, int ResetSeconds)
{
    public int RetryAfter => Math.Max(1, ResetSeconds);
}

/// <summary>Fixed-window request counter across all API requests. Always counts (for the reported headers);
/// only rejects when <see cref="SimulatorOptions.RateLimitPerWindow"/> is set.</summary>
internal sealed class RateWindow
{
    private readonly object _lock = new();
    private long _start;
    private long _count;
    private bool _started;

    public RateInfo Observe(SimulatorOptions o, bool consume)
    {
        var window = o.RateLimitWindow;
        if (window <= TimeSpan.Zero) window = TimeSpan.FromSeconds(1);
        var windowTicks = Math.Max(1L, (long)(window.TotalSeconds * Stopwatch.Frequency));
        var now = Stopwatch.GetTimestamp();
        long count, start;
        lock (_lock)
        {
            if (!_started || now - _start >= windowTicks)
            {
                _start = now;
                _count = 0;
                _started = true;
            }
            if (consume) _count++;
            count = _count;
            start = _start;
        }
        var perWindow = o.RateLimitPerWindow;
        var limit = perWindow ?? o.ReportedRateLimit;
        var left = Math.Max(0, start + windowTicks - now);
        var reset = (int)Math.Min(int.MaxValue, (left + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        var allowed = perWindow is not int p || count <= p;
        // Without a configured limit nothing is enforced, so never announce an exhausted window: a pacing client
        // (like ConfluentPartner's) would otherwise cap zero-latency benchmarks at ReportedRateLimit per window.
        var remaining = perWindow is null ? Math.Max(0, limit - 1) : (int)Math.Max(0, limit - count);
        return new RateInfo(allowed, limit, remaining, reset);
    }

    public void Reset()
    {
        lock (_lock)
        {
            _started = false;
            _count = 0;
        }
    }
}
