using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Http
{
    /// <summary>Adds the Authorization header from the request's credential. The header itself is never logged.</summary>
    internal sealed class AuthenticationHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = HandlerContext.From(request);
            if (context != null)
                request.Headers.Authorization = await context.Credential.GetHeaderAsync(context.Tokens, cancellationToken).ConfigureAwait(false);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Verbose: method, URL, status, request id and time of every attempt. Debug: the JSON body of API requests.
    /// Header values are never written, so no credential can leak through here.
    /// </summary>
    internal sealed class RedactingLogHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = HandlerContext.From(request)?.Log;
            // Most runs log nothing: then build no message and read no body (it costs a charset lookup per request).
            if (log == null || !(log.IsVerboseEnabled || log.IsDebugEnabled)) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var target = $"{request.Method} {request.RequestUri}";
            log.Verbose(target);
            if (log.IsDebugEnabled && request.Content != null && request.Content.Headers.ContentType?.MediaType == "application/json")
                log.Debug($"{target} body: {await request.Content.ReadAsStringAsync().ConfigureAwait(false)}");

            var stopwatch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
                log.Verbose($"{target} -> {(int)response.StatusCode} {response.ReasonPhrase} (request id {requestId ?? "none"}, {stopwatch.ElapsedMilliseconds} ms)");
                return response;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException)
            {
                log.Verbose($"{target} -> no response after {stopwatch.ElapsedMilliseconds} ms: {ex.GetType().Name}: {ex.Message}");
                throw;
            }
        }
    }
}
