namespace ConfluentCloud.Simulator;

/// <summary>
/// Knobs of a <see cref="CloudSimulator"/>. All properties may be changed while the simulator runs;
/// every request reads the current values.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Cloud API key (Basic auth user name) with full access to iam/v2.</summary>
    public string ApiKey { get; set; } = "SIMKEY0123456789";

    /// <summary>Secret of <see cref="ApiKey"/> (Basic auth password).</summary>
    public string ApiSecret { get; set; } = "sim-secret-0123456789abcdefghij";

    /// <summary>A second API key that may only read (GET); POST/DELETE answer 403 <c>user_unauthorized</c>.</summary>
    public string ReadOnlyApiKey { get; set; } = "SIMKEY-READONLY";

    /// <summary>Secret of <see cref="ReadOnlyApiKey"/>.</summary>
    public string ReadOnlyApiSecret { get; set; } = "readonly-secret";

    /// <summary>Accepted as <c>Authorization: Bearer</c> on every endpoint; never expires.</summary>
    public string StaticBearerToken { get; set; } = "sim-static-token-0123456789";

    /// <summary>OAuth client id accepted by <c>POST /oauth2/token</c>.</summary>
    public string OAuthClientId { get; set; } = "sim-client-id";

    /// <summary>OAuth client secret accepted by <c>POST /oauth2/token</c>.</summary>
    public string OAuthClientSecret { get; set; } = "sim-client-secret-0123456789";

    /// <summary>Lifetime (and <c>expires_in</c>) of issued tokens. Tokens really expire: 401 afterwards.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delay added to every API request (not to the token endpoint).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Requests allowed per <see cref="RateLimitWindow"/> across all API requests; null = no limit.</summary>
    public int? RateLimitPerWindow { get; set; }

    /// <summary>Length of the fixed rate-limit window.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>X-RateLimit-Limit</c> reported while <see cref="RateLimitPerWindow"/> is null.</summary>
    public int ReportedRateLimit { get; set; } = 1000;

    /// <summary>Maximum API requests in flight at once; over it → 429 with <c>Retry-After: 1</c>. null = none.</summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>Bound of the request log ring buffer (oldest entries are dropped). 0 disables the log.</summary>
    public int MaxLoggedRequests { get; set; } = 10_000;

    /// <summary>When true, <c>POST /iam/v2/role-bindings</c> for <c>User:&lt;id&gt;</c> answers 400 <c>invalid_value</c> (pointer
    /// <c>/principal</c>) unless the user exists. Off by default: neither the contract nor Confluent's documentation says that
    /// the service checks the principal (Terraform users who bind an invitation id by mistake get a binding that grants nothing).</summary>
    public bool RequireKnownPrincipals { get; set; }

    /// <summary>Whether the request log keeps request bodies.</summary>
    public bool LogRequestBodies { get; set; } = true;
}
