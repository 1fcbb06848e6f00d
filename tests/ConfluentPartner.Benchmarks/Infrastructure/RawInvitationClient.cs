using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConfluentCloud.Simulator;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>
/// What a hand-written loop amounts to on the wire: one HttpClient (keep-alive connections), Basic auth, a POST of
/// the same JSON body the module sends, the answer read as text and its status checked. Nothing else: no
/// validation, no output objects, no PowerShell. It is the floor under an Invoke-RestMethod loop, not a model of it.
/// </summary>
public sealed class RawInvitationClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    public RawInvitationClient(CloudSimulator sim)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = sim.BaseUri,
            Timeout = TimeSpan.FromSeconds(100),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.ApiKey}:{sim.Options.ApiSecret}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
    }

    /// <summary>The body the module sends for a row with only an email (asserted against the simulator's log in B3).</summary>
    public static byte[] Body(string email) => JsonSerializer.SerializeToUtf8Bytes(new { email });

    public async Task PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync("/iam/v2/invitations", content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if ((int)response.StatusCode != 201)
            throw new BenchmarkFailedException($"raw POST answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>One request after another.</summary>
    public async Task SendSequentialAsync(IReadOnlyList<byte[]> bodies)
    {
        foreach (var body in bodies) await PostAsync(body).ConfigureAwait(false);
    }

    /// <summary><paramref name="concurrency"/> workers, each sending the next body as soon as its previous answer is in.</summary>
    public async Task SendConcurrentAsync(IReadOnlyList<byte[]> bodies, int concurrency)
    {
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count) await PostAsync(bodies[i]).ConfigureAwait(false);
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
