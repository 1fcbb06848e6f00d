using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConfluentCloud.Simulator;
using Xunit;

namespace ConfluentPartner.Tests.Simulator;

/// <summary>A raw HTTP client for one simulator: API key (Basic) or bearer, JSON in, parsed JSON out.</summary>
internal sealed class SimHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly CloudSimulator _sim;
    private AuthenticationHeaderValue? _auth;

    public SimHttp(CloudSimulator sim, TimeSpan? timeout = null)
    {
        _sim = sim;
        _http = new HttpClient { BaseAddress = sim.BaseUri, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        UseApiKey();
    }

    public SimHttp UseApiKey(string? key = null, string? secret = null)
    {
        var raw = $"{key ?? _sim.Options.ApiKey}:{secret ?? _sim.Options.ApiSecret}";
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        return this;
    }

    public SimHttp UseBearer(string token)
    {
        _auth = new AuthenticationHeaderValue("Bearer", token);
        return this;
    }

    /// <summary>Fetches an OAuth token from the simulator's token endpoint; <paramref name="scope"/> null asks for the default set.</summary>
    public async Task<string> FetchTokenAsync(string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null) form["scope"] = scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, CloudSimulator.TokenPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_sim.Options.OAuthClientId}:{_sim.Options.OAuthClientSecret}")));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    public Task<Answer> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, null);
    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);
    public Task<Answer> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);
    public Task<Answer> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    /// <summary>Sends <paramref name="body"/> as JSON (a string is sent verbatim).</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string pathAndQuery, object? body)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Authorization = _auth;
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, raw, response.Headers, response.Content.Headers);
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record Answer(int Status, string Raw, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonElement Json => JsonDocument.Parse(Raw).RootElement;

    public string? Location => Headers.Location?.ToString();

    public string? Header(string name) => Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;

    /// <summary>The Failure body's errors as (code, pointer or parameter) pairs; asserts the contract's error shape.</summary>
    public List<(string Code, string? Source)> Errors()
    {
        var list = new List<(string, string?)>();
        foreach (var e in Json.GetProperty("errors").EnumerateArray())
        {
            Assert.Equal(Status.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("detail").GetString()));
            string? source = null;
            if (e.TryGetProperty("source", out var s))
                source = s.TryGetProperty("pointer", out var p) ? p.GetString() : s.GetProperty("parameter").GetString();
            list.Add((e.GetProperty("code").GetString()!, source));
        }
        return list;
    }

    public override string ToString() => $"{Status} {Raw}";
}
