using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests.Contract;

public static class ContractAssert
{
    /// <summary>
    /// Prism found nothing wrong with any of the requests (body, query, path, credentials), and the only findings
    /// about its own answers are the spec's known example defects. At least one request must have been made.
    /// </summary>
    public static void RequestsConform(IReadOnlyList<PrismExchange> exchanges)
    {
        Assert.True(exchanges.Count > 0, "No request reached Prism.");
        var wrong = exchanges.Where(e => e.RequestViolations.Any() || e.Violations.Any(v => !v.IsAboutRequest && !v.IsKnownSpecExampleDefect)).ToList();
        Assert.True(wrong.Count == 0, "Prism found contract violations:\n" + string.Join("\n", wrong));
    }

    /// <summary>Prism refused the request for the given reasons: proof that the check can fail.</summary>
    public static PrismExchange Rejected(PrismExchange exchange, int status, params string[] violatedLocations)
    {
        Assert.True(exchange.Status == status, $"Expected Prism to answer {status}: {exchange}");
        var locations = exchange.RequestViolations.Select(v => string.Join('.', v.Location)).ToList();
        foreach (var location in violatedLocations)
            Assert.True(locations.Contains(location), $"Expected a violation at {location}: {exchange}");
        return exchange;
    }
}

/// <summary>Clients of the module's own API client, pointed at a Prism recorder.</summary>
public static class ContractClients
{
    public const string ApiKey = "CONTRACTKEY0001";
    public const string ApiSecret = "contract-secret-0001";
    public const string AccessToken = "contract-access-token-0001";

    public static ApiKeyCredential ApiKeyCredential() => new(ApiKey, ModuleHost.Secure(ApiSecret));
    public static BearerTokenCredential BearerCredential() => new(ModuleHost.Secure(AccessToken));

    public static CcApiClient For(PrismServer server, CcCredential credential, Action<CcClientOptions>? configure = null, IClientLog? log = null)
    {
        var options = new CcClientOptions
        {
            BaseUri = server.BaseUri,
            Credential = credential,
            MaximumRetryCount = 0,
            Timeout = TimeSpan.FromSeconds(30),
            Log = log ?? NullClientLog.Instance,
        };
        configure?.Invoke(options);
        return new CcApiClient(options);
    }
}

/// <summary>Keeps every message the client logs, to prove what never reaches a log.</summary>
public sealed class CapturingClientLog : IClientLog
{
    private readonly List<string> _lines = new();
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
    public string AllText => string.Join("\n", Lines);
    public void Verbose(string message) { lock (_lines) _lines.Add("VERBOSE: " + message); }
    public void Debug(string message) { lock (_lines) _lines.Add("DEBUG: " + message); }
    public void Warning(string message) { lock (_lines) _lines.Add("WARNING: " + message); }
}
