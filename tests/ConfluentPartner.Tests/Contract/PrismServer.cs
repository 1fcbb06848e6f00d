using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfluentPartner.Tests.Contract;

/// <summary>
/// <c>prism mock &lt;spec&gt;</c> on a free loopback port, behind a transparent recorder. Tests point the module at
/// <see cref="BaseUri"/> (the recorder); every request is forwarded unchanged to Prism, and Prism's verdict
/// (status and <c>sl-violations</c>) is kept in <see cref="Exchanges"/> — the module never exposes response headers.
/// The recorder can also add Prism's <c>Prefer: code=...</c> to chosen requests, so the cmdlets' error paths see the
/// spec's own error examples without a test hook in the module.
/// </summary>
public sealed class PrismServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly Process _prism;
    private readonly ConcurrentQueue<string> _prismOutput = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly object _gate = new();
    private readonly List<PrismExchange> _exchanges = new();
    private readonly List<PreferRule> _rules = new();
    private WebApplication? _recorder;

    private PrismServer(string name, string specPath, Process prism, Uri prismUri)
    {
        Name = name;
        SpecPath = specPath;
        _prism = prism;
        PrismUri = prismUri;
        BaseUri = prismUri;
    }

    public string Name { get; }
    public string SpecPath { get; }
    /// <summary>Prism itself.</summary>
    public Uri PrismUri { get; }
    /// <summary>The recorder in front of Prism: what the module under test talks to.</summary>
    public Uri BaseUri { get; private set; }

    public IReadOnlyList<PrismExchange> Exchanges
    {
        get { lock (_gate) return _exchanges.ToList(); }
    }

    /// <summary>Forgets recorded exchanges and Prefer rules (each test starts clean).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _exchanges.Clear();
            _rules.Clear();
        }
    }

    /// <summary>
    /// Adds <c>Prefer: <paramref name="prefer"/></c> (e.g. <c>code=409</c>) to the next <paramref name="times"/>
    /// requests with this method and path, replacing any Prefer the client sent.
    /// </summary>
    public void Prefer(string method, string path, string prefer, int times = int.MaxValue)
    {
        lock (_gate) _rules.Add(new PreferRule(method, path, prefer, times));
    }

    /// <summary>Prism's recent console output, for failure messages.</summary>
    public string RecentOutput => string.Join("\n", _prismOutput);

    /// <param name="workDir">A scratch folder for this run (the node preload that ties Prism's life to the test host goes there).</param>
    public static async Task<PrismServer> StartAsync(string prismPath, string specPath, string name, string workDir)
    {
        var exitWithHost = WriteExitWithHostScript(workDir);
        // The free port is found by binding port 0; another process could take it before Prism does, so try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            var server = new PrismServer(name, specPath, StartPrism(prismPath, specPath, port, exitWithHost), new Uri($"http://127.0.0.1:{port}"));
            try
            {
                await server.WaitUntilAnsweringAsync().ConfigureAwait(false);
                await server.StartRecorderAsync().ConfigureAwait(false);
                return server;
            }
            catch (Exception ex)
            {
                last = ex;
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
        throw new InvalidOperationException($"Prism ({prismPath}) did not start for {specPath}.", last);
    }

    /// <summary>
    /// A preload for node that exits when its stdin closes. Prism's stdin is a pipe from the test host, so if the host
    /// dies without disposing the fixture (killed, crashed), Prism goes with it instead of lingering on its port.
    /// </summary>
    private static string WriteExitWithHostScript(string workDir)
    {
        var path = Path.Combine(workDir, $"exit-with-test-host-{Guid.NewGuid():N}.cjs");
        File.WriteAllText(path, "process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume();\n");
        return path;
    }

    private static Process StartPrism(string prismPath, string specPath, int port, string exitWithHost)
    {
        // No --errors: with it Prism answers even valid requests with 500 when a response example breaks the spec.
        var info = new ProcessStartInfo(prismPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        foreach (var arg in new[] { "mock", specPath, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var preload = $"--require \"{exitWithHost.Replace("\\", "\\\\")}\"";
        info.Environment["NODE_OPTIONS"] = info.Environment.TryGetValue("NODE_OPTIONS", out var existing) && !string.IsNullOrWhiteSpace(existing)
            ? existing + " " + preload
            : preload;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {prismPath}.");
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // Prism logs every request; drain both streams so it never blocks on a full pipe, keeping the tail for diagnostics.
        _prism.OutputDataReceived += (_, e) => Keep(e.Data);
        _prism.ErrorDataReceived += (_, e) => Keep(e.Data);
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_prism.HasExited)
                throw new InvalidOperationException($"Prism exited with code {_prism.ExitCode} before answering on {PrismUri}:\n{RecentOutput}");
            try
            {
                // Any HTTP answer (Prism says 404 for /) means it has parsed the spec and is listening.
                using var response = await probe.GetAsync(PrismUri).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException)
            {
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"Prism did not answer on {PrismUri} within {StartTimeout.TotalSeconds} s:\n{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line == null) return;
        _prismOutput.Enqueue(line);
        while (_prismOutput.Count > 200) _prismOutput.TryDequeue(out _);
    }

    private async Task StartRecorderAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
        app.Run(ForwardAsync);
        await app.StartAsync().ConfigureAwait(false);
        _recorder = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}");
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path.Value + request.QueryString.Value;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(PrismUri, pathAndQuery));
        if (body.Length > 0 || request.ContentLength is > 0 || request.ContentType != null) forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var header in request.Headers)
        {
            if (HopByHop.Contains(header.Key)) continue;
            if (header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                forward.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            else
                forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        var injected = TakePrefer(request.Method, request.Path.Value ?? "");
        if (injected != null)
        {
            forward.Headers.Remove("Prefer");
            forward.Headers.TryAddWithoutValidation("Prefer", injected);
        }

        using var response = await _forward.SendAsync(forward, context.RequestAborted).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        var violations = response.Headers.TryGetValues("sl-violations", out var v) ? string.Join(",", v) : null;
        var authorization = request.Headers.Authorization.ToString();
        var exchange = new PrismExchange(
            request.Method,
            pathAndQuery,
            authorization.Length == 0 ? null : authorization.Split(' ', 2)[0],
            request.ContentType,
            System.Text.Encoding.UTF8.GetString(body.ToArray()),
            request.Headers.TryGetValue("Prefer", out var prefer) ? prefer.ToString() : null,
            injected,
            (int)response.StatusCode,
            PrismViolation.Parse(violations),
            System.Text.Encoding.UTF8.GetString(responseBody));
        lock (_gate) _exchanges.Add(exchange);

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            if (!HopByHop.Contains(header.Key)) context.Response.Headers[header.Key] = header.Value.ToArray();
        if (responseBody.Length > 0)
        {
            context.Response.ContentLength = responseBody.Length;
            await context.Response.Body.WriteAsync(responseBody, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private string? TakePrefer(string method, string path)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining > 0
                && string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                && string.Equals(r.Path, path, StringComparison.Ordinal));
            if (rule == null) return null;
            rule.Remaining--;
            return rule.Prefer;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_recorder != null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _recorder.StopAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await _recorder.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            // The npm shim may be a wrapper (prism.cmd on Windows) around node: end the whole tree.
            if (!_prism.HasExited) _prism.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _prism.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is OperationCanceledException)
        {
        }
        _prism.Dispose();
        _forward.Dispose();
    }

    private sealed class PreferRule(string method, string path, string prefer, int times)
    {
        public string Method { get; } = method;
        public string Path { get; } = path;
        public string Prefer { get; } = prefer;
        public int Remaining { get; set; } = times;
    }

    /// <summary>Never hooks Ctrl+C / SIGTERM of the test host.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
