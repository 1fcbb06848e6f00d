using System.Net;
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
/// One base URI for the module in front of two Prism recorders: <c>/iam/v2/role-bindings…</c> goes to the one serving
/// the published role-binding spec, everything else to the one serving the iam/v2 spec. Each spec stays as published;
/// the module sends invitations and bindings to one host, as it does against Confluent Cloud. 127.0.0.1, port 0.
/// </summary>
public sealed class IamRouter : IAsyncDisposable
{
    private const string RoleBindingsPath = "/iam/v2/role-bindings";
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
    private readonly WebApplication _app;

    private IamRouter(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;
    /// <summary>Where iam/v2 requests go (the collection's iam recorder).</summary>
    public Uri? Iam { get; set; }
    /// <summary>Where role-binding requests go.</summary>
    public Uri? RoleBindings { get; set; }

    public static async Task<IamRouter> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<IHostLifetime, NoConsoleLifetime>(); // Ctrl+C belongs to the test host
        var app = builder.Build();
        var router = new IamRouter(app);
        app.Run(router.ForwardAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        router.BaseUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}");
        return router;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var target = path == RoleBindingsPath || path.StartsWith(RoleBindingsPath + "/", StringComparison.Ordinal) ? RoleBindings : Iam;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target!, path + request.QueryString.Value));
        if (body.Length > 0 || request.ContentType != null) forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var header in request.Headers)
        {
            if (HopByHop.Contains(header.Key)) continue;
            if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        using var answer = await _forward.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var header in answer.Headers.Concat(answer.Content.Headers))
            if (!HopByHop.Contains(header.Key)) context.Response.Headers[header.Key] = header.Value.ToArray();
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private sealed class NoConsoleLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
