namespace ConfluentCloud.Simulator;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>500 with a Failure body (code <c>internal_error</c>); the request is not processed.</summary>
    InternalServerError500,
    /// <summary>502 with a Failure body (code <c>bad_gateway</c>); not processed.</summary>
    BadGateway502,
    /// <summary>503 with a Failure body (code <c>service_unavailable</c>); not processed.</summary>
    ServiceUnavailable503,
    /// <summary>504 with a Failure body (code <c>gateway_timeout</c>); not processed.</summary>
    GatewayTimeout504,
    /// <summary>The connection is aborted before the request is processed.</summary>
    ResetBeforeProcessing,
    /// <summary>The request is fully processed (resources are created), then the connection is aborted instead of answering.</summary>
    ResetAfterCreate,
    /// <summary>Waits <see cref="FaultRule.SlowDelay"/> (cancelled if the client goes away), then processes and answers normally.</summary>
    SlowResponse,
    /// <summary>502 with a <c>text/html</c> body, as a load balancer would send; not processed.</summary>
    HtmlBody,
    /// <summary>Processes the request and answers its real status, but with only the first half of the JSON body.</summary>
    TruncatedBody,
    /// <summary>429 without body, with <c>Retry-After: RetryAfterSeconds</c> (or <see cref="FaultRule.RetryAfterValue"/> verbatim,
    /// e.g. <c>-5</c>, <c>soon</c>, <c>86400</c>); not processed.</summary>
    TooManyRequests429,
    /// <summary>The request is fully processed (resources are created), then answered 504 <c>gateway_timeout</c>: the outcome
    /// is unknown to the client although the server acted, as when a gateway gives up on a slow backend.</summary>
    GatewayTimeoutAfterProcessing504,
    /// <summary>The request is processed; a 2xx answer keeps its status and headers (<c>Location</c>) but its body is <c>{}</c>.
    /// Other statuses are answered unchanged.</summary>
    EmptyObjectBody,
    /// <summary>The request is processed; a list answer's <c>metadata.next</c> is replaced by the URL of the page just served,
    /// so a client that follows <c>next</c> blindly pages forever. Answers without <c>metadata.next</c> are unchanged.</summary>
    RepeatNextPage,
    /// <summary>The request is processed; the answer's headers go out at once, then its body one byte every
    /// <see cref="FaultRule.TrickleInterval"/> (cancelled if the client goes away).</summary>
    TrickleBody,
}

/// <summary>
/// A deterministic fault-injection rule. Rules are evaluated in the order they were added; each rule counts
/// the requests that match it, and fires on the Nth, 2Nth, ... match until <see cref="MaxTimes"/> is reached.
/// The first rule that fires handles the request; rules after it do not see (count) that request.
/// </summary>
public sealed class FaultRule
{
    public FaultKind Kind { get; init; }

    /// <summary>HTTP method to match (case-insensitive); null = any.</summary>
    public string? Method { get; init; }

    /// <summary>Path prefix to match (ordinal), e.g. <c>/iam/v2/invitations</c>; null = any API path.
    /// The token endpoint <c>/oauth2/token</c> is only affected by rules whose prefix matches it explicitly.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Applies to the Nth, 2Nth, ... matching request (values below 1 count as 1).</summary>
    public int EveryNth { get; init; } = 1;

    /// <summary>Stop after this many injections; null = unlimited.</summary>
    public int? MaxTimes { get; init; }

    /// <summary>Delay for <see cref="FaultKind.SlowResponse"/>.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry-After for <see cref="FaultKind.TooManyRequests429"/>.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>When set, the <c>Retry-After</c> header of <see cref="FaultKind.TooManyRequests429"/> verbatim instead of
    /// <see cref="RetryAfterSeconds"/>: a negative number, a word, a huge number, an HTTP date, or "" for none at all.</summary>
    public string? RetryAfterValue { get; init; }

    /// <summary>Exact path to match (ordinal), e.g. <c>/partner/v2/signup</c> without also matching <c>/partner/v2/signup/link</c>;
    /// null = no exact-path condition. Both <see cref="Path"/> and <see cref="PathPrefix"/> must match when both are set.</summary>
    public string? Path { get; init; }

    /// <summary>Status of <see cref="FaultKind.HtmlBody"/> (502 unless set): 200 gives an HTML page with a success status,
    /// as a captive portal or a misrouted token endpoint does.</summary>
    public int HtmlStatus { get; init; } = 502;

    /// <summary>Pause between body bytes for <see cref="FaultKind.TrickleBody"/>.</summary>
    public TimeSpan TrickleInterval { get; init; } = TimeSpan.FromSeconds(1);
}

internal sealed class FaultEngine
{
    private sealed class Entry
    {
        public required FaultRule Rule;
        public long Matches;
        public long Injected;
    }

    private readonly object _lock = new();
    private Entry[] _entries = [];

    public bool IsEmpty => Volatile.Read(ref _entries).Length == 0;

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            _entries = [.. _entries, new Entry { Rule = rule }];
        }
    }

    public void Clear()
    {
        lock (_lock) _entries = [];
    }

    /// <summary>Returns the rule that fires for this request, or null.</summary>
    public FaultRule? Evaluate(string method, string path, bool isTokenEndpoint)
    {
        if (Volatile.Read(ref _entries).Length == 0) return null;
        lock (_lock)
        {
            foreach (var e in _entries)
            {
                var r = e.Rule;
                if (r.Method is not null && !string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
                if (r.PathPrefix is null && r.Path is null)
                {
                    if (isTokenEndpoint) continue;
                }
                else if ((r.PathPrefix is not null && !path.StartsWith(r.PathPrefix, StringComparison.Ordinal))
                    || (r.Path is not null && !string.Equals(path, r.Path, StringComparison.Ordinal))) continue;

                if (r.MaxTimes is int max && e.Injected >= max) continue;
                e.Matches++;
                var nth = Math.Max(1, r.EveryNth);
                if (e.Matches % nth != 0) continue;
                e.Injected++;
                return r;
            }
        }
        return null;
    }
}
