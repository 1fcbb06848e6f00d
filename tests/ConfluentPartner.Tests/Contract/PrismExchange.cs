using System.Text.Json;

namespace ConfluentPartner.Tests.Contract;

/// <summary>One entry of Prism's <c>sl-violations</c> response header.</summary>
public sealed record PrismViolation(IReadOnlyList<string> Location, string Severity, string Code, string Message)
{
    /// <summary>A finding about what was sent (body, query, headers, credentials), as opposed to Prism's own answer.</summary>
    public bool IsAboutRequest => Location.Count > 0 && Location[0] == "request";

    /// <summary>
    /// The published specs' own response examples break their schemas in one known way: the <c>Location</c> header
    /// examples (<c>https://api.confluent.cloud/iam/v2/invitations/{id}</c>, <c>.../{object}/{id}</c>) are not valid
    /// <c>format: uri</c>. Prism reports that on every 201/409 it serves; it says nothing about our requests.
    /// </summary>
    public bool IsKnownSpecExampleDefect =>
        Location.SequenceEqual(["response", "header", "location"]) && Code == "format";

    public static IReadOnlyList<PrismViolation> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return [];
        using var doc = JsonDocument.Parse(header);
        return doc.RootElement.EnumerateArray().Select(v => new PrismViolation(
            v.GetProperty("location").EnumerateArray().Select(l => l.ToString()).ToList(),
            v.TryGetProperty("severity", out var s) ? s.ToString() : "",
            v.TryGetProperty("code", out var c) ? c.ToString() : "",
            v.TryGetProperty("message", out var m) ? m.ToString() : "")).ToList();
    }

    public override string ToString() => $"{string.Join('.', Location)}: {Message} ({Severity}, {Code})";
}

/// <summary>
/// One request that reached Prism and Prism's verdict on it. Only the scheme of the Authorization header is kept,
/// so nothing recorded here is a secret.
/// </summary>
public sealed record PrismExchange(
    string Method,
    string PathAndQuery,
    string? AuthorizationScheme,
    string? ContentType,
    string RequestBody,
    string? PreferSentByClient,
    string? PreferInjected,
    int Status,
    IReadOnlyList<PrismViolation> Violations,
    string ResponseBody)
{
    public string Path => PathAndQuery.Split('?', 2)[0];
    public IEnumerable<PrismViolation> RequestViolations => Violations.Where(v => v.IsAboutRequest);

    public override string ToString() =>
        $"{Method} {PathAndQuery} -> {Status}" + (Violations.Count == 0 ? "" : "\n    " + string.Join("\n    ", Violations));
}
