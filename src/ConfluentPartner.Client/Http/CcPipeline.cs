using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Client.Http
{
    internal readonly struct CcResponse
    {
        public CcResponse(int status, string body, string? requestId, string? location)
        {
            Status = status; Body = body; RequestId = requestId; Location = location;
        }
        public int Status { get; }
        public string Body { get; }
        public string? RequestId { get; }
        public string? Location { get; }
    }

    /// <summary>
    /// Sends one API call with pacing, safe retries and token refresh. A request that may have reached the
    /// server is retried only when the method is idempotent; a create that may have happened surfaces as
    /// <see cref="CcOutcomeUnknownException"/> so the caller can look before it repeats.
    /// </summary>
    internal sealed class CcPipeline
    {
        private static readonly MediaTypeHeaderValue Json = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        private readonly HttpClient _http;
        private readonly CcClientOptions _options;
        private readonly CcRequestContext _context;

        public CcPipeline(CcClientOptions options, CcCredential credential)
        {
            _options = options;
            _http = CcHttpClientFactory.CreateApiClient();
            Pacer = new RequestPacer(Math.Max(1, options.ThrottleLimit));
            _context = new CcRequestContext(credential, new TokenFetcher(CcHttpClientFactory.CreateTokenClient(), options.BaseUri, options.Log), options.Log, Pacer);
        }

        public RequestPacer Pacer { get; }

        public async Task AuthenticateAsync(CancellationToken cancellationToken) =>
            await _context.Credential.GetHeaderAsync(_context.Tokens, cancellationToken).ConfigureAwait(false);

        /// <param name="resendAfterGatewayTimeout">
        /// False for a create that must never be sent twice blindly (a signup): a gateway's 504 does not say that the
        /// service behind it did nothing, so for such a POST it is an unknown outcome, not a retry.
        /// </param>
        /// <param name="jsonBody">The UTF-8 JSON body, if any. Bytes rather than HttpContent: nothing is awaited before the
        /// request takes its place in the pacer's queue, so rows queue (and with -ThrottleLimit 1 are sent) in input order.</param>
        public async Task<CcResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, CancellationToken cancellationToken,
            bool resendAfterGatewayTimeout = true)
        {
            var idempotent = method != HttpMethod.Post;
            var uri = new Uri(_options.BaseUri, pathAndQuery);
            var transientRetries = 0;
            var rateLimitRetries = 0;
            var refreshedToken = false;

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ticket = await Pacer.AcquireAsync(cancellationToken).ConfigureAwait(false);
                HttpResponseMessage? response = null;
                AuthenticationHeaderValue? sentAuthorization = null;
                string text;
                var answered = false;
                try
                {
                    using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attemptCts.CancelAfter(_options.Timeout);
                    using var request = new HttpRequestMessage(method, uri);
                    if (jsonBody != null)
                    {
                        request.Content = new ByteArrayContent(jsonBody);
                        request.Content.Headers.ContentType = Json;
                    }
                    foreach (var header in _options.ExtraHeaders) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    _context.AttachTo(request);
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                        sentAuthorization = request.Headers.Authorization;
                        // Before the slot is released, so the next request already goes by this answer's budget.
                        Pacer.Observe(ticket, IntHeader(response, "X-RateLimit-Limit"), IntHeader(response, "X-RateLimit-Remaining"), IntHeader(response, "X-RateLimit-Reset"));
                        text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        answered = true;
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        response?.Dispose();
                        var what = $"{method} {uri.AbsolutePath} got no answer within {_options.Timeout.TotalSeconds:0.#} s";
                        if (!idempotent) throw new CcOutcomeUnknownException(what + "; the server may or may not have processed it.", 0, null, ex);
                        if (transientRetries >= _options.MaximumRetryCount) throw new CcConnectionException(what + ".", ex);
                        await BackoffAsync(++transientRetries, what, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (CcApiException ex) when (ex.StatusCode == 401 || ex.StatusCode == 403)
                    {
                        // The token endpoint refused the OAuth client: every queued row would ask it again in vain.
                        Pacer.Halt(ex);
                        throw;
                    }
                    catch (HttpRequestException ex)
                    {
                        response?.Dispose();
                        var neverSent = NeverReachedServer(ex);
                        var what = $"{method} {uri.AbsolutePath} failed: {Innermost(ex).Message}";
                        if (!neverSent && !idempotent)
                            throw new CcOutcomeUnknownException(what + "; the connection broke after the request was sent, so it may have been processed.", 0, null, ex);
                        if (transientRetries >= _options.MaximumRetryCount)
                            throw new CcConnectionException($"Could not reach {_options.BaseUri.GetLeftPart(UriPartial.Authority)}: {Innermost(ex).Message}", ex);
                        await BackoffAsync(++transientRetries, what, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                finally
                {
                    if (!answered) Pacer.Release();
                }

                // A refused credential halts the queue while this request still holds its slot, so no other row
                // can go out with the same credential in between.
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Unauthorized && (refreshedToken || !_context.Credential.CanRefresh));
                if (refused) Pacer.Halt(ErrorResponseReader.Read(response, text));
                Pacer.Release();

                using (response)
                {
                    var status = (int)response.StatusCode;
                    if (status != 401 && status != 403) Pacer.OnCredentialAccepted();
                    if (response.IsSuccessStatusCode)
                    {
                        Pacer.OnSuccess();
                        return new CcResponse(status, text, ErrorResponseReader.Header(response, "X-Request-Id"), response.Headers.Location?.ToString());
                    }

                    var error = ErrorResponseReader.Read(response, text);
                    if (status == 429)
                    {
                        var windowSpent = Pacer.OnThrottled(error.RetryAfterSeconds, IntHeader(response, "X-RateLimit-Remaining"));
                        if (rateLimitRetries++ >= _options.MaximumRateLimitRetryCount) throw error;
                        // A 429 was not processed: waiting and resending is always safe.
                        if (windowSpent)
                        {
                            _options.Log.Verbose($"{method} {uri.AbsolutePath}: rate limited (429), resending when the rate-limit window resets.");
                            continue; // the pacer holds it until then
                        }
                        var wait = TimeSpan.FromSeconds(error.RetryAfterSeconds ?? 1) + RequestPacer.Jitter(250);
                        _options.Log.Verbose($"{method} {uri.AbsolutePath}: rate limited (429), waiting {wait.TotalSeconds:0.0} s before resending.");
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (status == 401 && _context.Credential.CanRefresh && !refreshedToken)
                    {
                        refreshedToken = true;
                        _context.Credential.Invalidate(sentAuthorization);
                        _options.Log.Verbose($"{method} {uri.AbsolutePath}: 401, fetching a new access token once.");
                        continue;
                    }
                    if (refused) throw error;
                    // Any 5xx may be repeated for an idempotent call; a POST only after a gateway said it never got through.
                    var retryable = idempotent
                        ? status >= 500
                        : status == 502 || status == 503 || (status == 504 && resendAfterGatewayTimeout);
                    if (retryable && transientRetries < _options.MaximumRetryCount)
                    {
                        await BackoffAsync(++transientRetries, $"{method} {uri.AbsolutePath} answered {status}", cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (status >= 500 && !idempotent && status != 501)
                    {
                        throw new CcOutcomeUnknownException(
                            $"{method} {uri.AbsolutePath} answered HTTP {status} ({error.Errors[0].Detail}); the server may or may not have processed it.",
                            status, error.RequestId, error);
                    }
                    throw error;
                }
            }
        }

        internal async Task BackoffAsync(int retry, string reason, CancellationToken cancellationToken)
        {
            // Capped exponential backoff with full jitter, as the API's rate-limiting guidance asks.
            var cap = Math.Min(_options.MaximumRetryInterval.TotalMilliseconds, _options.RetryInterval.TotalMilliseconds * Math.Pow(2, retry - 1));
            var delay = TimeSpan.FromMilliseconds(cap / 2 + ThreadSafeRandom.NextDouble() * cap / 2);
            _options.Log.Verbose($"{reason}; retry {retry} of {_options.MaximumRetryCount} in {delay.TotalSeconds:0.0} s.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>True only when the failure happened before any byte of the request could reach the server.</summary>
        internal static bool NeverReachedServer(HttpRequestException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException se)
                {
                    return se.SocketErrorCode == SocketError.ConnectionRefused
                        || se.SocketErrorCode == SocketError.HostNotFound
                        || se.SocketErrorCode == SocketError.HostUnreachable
                        || se.SocketErrorCode == SocketError.NetworkUnreachable
                        || se.SocketErrorCode == SocketError.TryAgain
                        || se.SocketErrorCode == SocketError.NoData;
                }
                if (e is WebException we)
                {
                    return we.Status == WebExceptionStatus.ConnectFailure || we.Status == WebExceptionStatus.NameResolutionFailure;
                }
            }
            return false;
        }

        private static int? IntHeader(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), out var n) ? n : (int?)null;

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
