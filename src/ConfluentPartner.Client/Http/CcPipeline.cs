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
    /// <summary>
    /// Sends one API call with pacing, resends and token refresh, as <see cref="RetryDecision"/> decides for the request's
    /// <see cref="ResendPolicy"/>; a create that may have happened surfaces as <see cref="CcOutcomeUnknownException"/> so the
    /// caller can look before it repeats.
    /// </summary>
    internal sealed class CcPipeline
    {
        private static readonly MediaTypeHeaderValue Json = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        private readonly HttpClient _http;
        private readonly CcClientOptions _options;
        private readonly HandlerContext _context;

        public CcPipeline(CcClientOptions options, CcCredential credential)
        {
            _options = options;
            _http = CcHttpClientFactory.CreateApiClient();
            Pacer = new RequestPacer(Math.Max(1, options.ThrottleLimit));
            _context = new HandlerContext(credential, new TokenFetcher(CcHttpClientFactory.CreateTokenClient(), options.BaseUri, options.Log), options.Log);
        }

        private RequestPacer Pacer { get; }

        public async Task AuthenticateAsync(CancellationToken cancellationToken) =>
            await _context.Credential.GetHeaderAsync(_context.Tokens, cancellationToken).ConfigureAwait(false);

        public int MaximumRetryCount => _options.MaximumRetryCount;

        /// <summary>No request starts from now on: waiting and later callers get <paramref name="reason"/>; requests already sent go on.</summary>
        public void StopStarting(Exception reason) => Pacer.Halt(reason);

        /// <summary>
        /// Sends the request until <see cref="RetryDecision"/> says to stop: the loop only carries out what the decision says.
        /// </summary>
        /// <param name="jsonBody">The UTF-8 JSON body, if any. Bytes rather than HttpContent: nothing is awaited before the
        /// request takes its place in the pacer's queue, so rows queue (and with -ThrottleLimit 1 are sent) in input order.</param>
        public async Task<CcResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, ResendPolicy policy, CancellationToken cancellationToken)
        {
            var safeMethod = method != HttpMethod.Post;
            var uri = new Uri(_options.BaseUri, pathAndQuery);
            var retries = 0;
            var rateLimitRetries = 0;
            var refreshedToken = false;

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attempt = await AttemptAsync(method, uri, jsonBody, refreshedToken, cancellationToken).ConfigureAwait(false);
                var action = RetryDecision.Decide(policy, safeMethod, attempt.Outcome, attempt.Status, retries, _options.MaximumRetryCount,
                    rateLimitRetries, _options.MaximumRateLimitRetryCount, !refreshedToken && _context.Credential.CanRefresh);
                switch (action)
                {
                    case RetryAction.Accept:
                        return attempt.Response;
                    case RetryAction.BackOffAndResend:
                        await BackoffAsync(++retries, attempt.Describe(method, uri), cancellationToken).ConfigureAwait(false);
                        continue;
                    case RetryAction.WaitForRateLimit:
                        rateLimitRetries++;
                        RefuseLongRetryAfter(method, uri, attempt);
                        await WaitForRateLimitAsync(method, uri, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    case RetryAction.RefreshTokenAndResend:
                        refreshedToken = true;
                        _context.Credential.Invalidate(attempt.SentAuthorization);
                        _options.Log.Verbose($"{method} {uri.AbsolutePath}: 401, fetching a new access token once.");
                        continue;
                    case RetryAction.GiveUpAsUnknown:
                        throw attempt.Error is { } answered
                            ? new CcOutcomeUnknownException($"{method} {uri.AbsolutePath} answered HTTP {attempt.Status} ({answered.Errors[0].Detail}); the server may or may not have processed it.",
                                attempt.Status, answered.RequestId, answered)
                            : new CcOutcomeUnknownException(attempt.Describe(method, uri) + (attempt.Outcome == AttemptOutcome.TimedOut
                                ? "; the server may or may not have processed it."
                                : "; the connection broke after the request was sent, so it may have been processed."), 0, null, attempt.Failure);
                    default:
                        if (attempt.Status == 429)
                        {
                            RefuseLongRetryAfter(method, uri, attempt);
                            Pacer.OnThrottled(SaneRetryAfter(attempt.Error!.RetryAfterSeconds), attempt.RateLimitRemaining);
                            throw new CcApiException(429, attempt.Error.RequestId, attempt.Error.Errors.Count > 0 && attempt.Error.Errors[0].Code.Length > 0 ? attempt.Error.Errors
                                : new[] { new CcApiError("rate_limited", $"{method} {uri.AbsolutePath} was still rate limited (HTTP 429) after {rateLimitRetries} waits (-MaximumRateLimitRetryCount {_options.MaximumRateLimitRetryCount}).") },
                                attempt.Error.Message, attempt.Error, attempt.Error.Location, attempt.Error.RetryAfterSeconds);
                        }
                        throw attempt.Error ?? (attempt.Outcome == AttemptOutcome.BrokeBeforeSending
                            ? new CcConnectionException($"Could not reach {_options.BaseUri.GetLeftPart(UriPartial.Authority)}: {Innermost(attempt.Failure!).Message}", attempt.Failure)
                            : new CcConnectionException(attempt.Describe(method, uri) + ".", attempt.Failure, unreachable: false));
                }
            }
        }

        /// <summary>One attempt: a slot from the pacer, the request, the answer's rate-limit headers back to the pacer.</summary>
        private async Task<Attempt> AttemptAsync(HttpMethod method, Uri uri, byte[]? jsonBody, bool refreshedToken, CancellationToken cancellationToken)
        {
            var acquiring = Pacer.AcquireAsync(cancellationToken);
            var slotAtOnce = acquiring.IsCompleted;
            var ticket = await acquiring.ConfigureAwait(false);
            if (slotAtOnce)
            {
                // A slot at once: the caller (a bulk cmdlet on the pipeline thread) has taken its place in line and goes
                // back to its next row while a pool thread sends this one. A stop meanwhile still keeps it from leaving.
                await ThreadPoolHop.Instance;
                Pacer.ReturnSlotIfHalted();
            }
            HttpResponseMessage? response = null;
            string text;
            var released = false;
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
                string? incomplete = null;
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (method != HttpMethod.Get) SendScope.MarkSent();
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    // Before the slot is released, so the next request already goes by this answer's budget.
                    Pacer.Observe(ticket, IntHeader(response, "X-RateLimit-Limit"), IntHeader(response, "X-RateLimit-Remaining"), IntHeader(response, "X-RateLimit-Reset"));
                    try
                    {
                        // -TimeoutSec covers the whole answer: a body that trickles in is cut off like a missing answer.
                        text = await ReadBodyAsync(response, attemptCts.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when ((ex is OperationCanceledException || ex is IOException || ex is ObjectDisposedException || ex is HttpRequestException)
                        && attemptCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        var what = $"answered {(int)response.StatusCode} but its body did not arrive completely within {_options.Timeout.TotalSeconds:0.#} s (-TimeoutSec)";
                        // A create answered 2xx did happen: hand the status on so the caller looks it up instead of repeating it.
                        if (method == HttpMethod.Get || !response.IsSuccessStatusCode)
                        {
                            response.Dispose();
                            return Attempt.Failed(AttemptOutcome.TimedOut, what, ex);
                        }
                        text = "";
                        incomplete = what;
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    return Attempt.Failed(AttemptOutcome.TimedOut, $"got no answer within {_options.Timeout.TotalSeconds:0.#} s (-TimeoutSec)", ex);
                }
                catch (CcApiException ex) when (ex.StatusCode == 401 || ex.StatusCode == 403 || ex.Code == "oauth_token_invalid")
                {
                    // The token endpoint refused the OAuth client, or answered something that is no token (an HTML page from a
                    // wrong -TokenUri): every queued row would ask it again in vain.
                    Pacer.Halt(ex);
                    throw;
                }
                catch (HttpRequestException ex)
                {
                    response?.Dispose();
                    return Attempt.Failed(NeverReachedServer(ex) ? AttemptOutcome.BrokeBeforeSending : AttemptOutcome.BrokeAfterSending,
                        "failed: " + Innermost(ex).Message, ex);
                }
                var sentAuthorization = request.Headers.Authorization;

                // A refused credential halts the queue while this request still holds its slot, so no other row
                // can go out with the same credential in between.
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Unauthorized && (refreshedToken || !_context.Credential.CanRefresh));
                using (response)
                {
                    var status = (int)response.StatusCode;
                    var error = response.IsSuccessStatusCode ? null : ErrorResponseReader.Read(response, text);
                    if (refused) Pacer.Halt(error!);
                    released = true;
                    Pacer.Release();
                    if (status != 401 && status != 403) Pacer.OnCredentialAccepted();
                    if (error == null)
                    {
                        Pacer.OnSuccess();
                        return Attempt.Succeeded(new CcResponse(status, text, ErrorResponseReader.Header(response, "X-Request-Id"), incomplete));
                    }
                    return Attempt.Refused(error, sentAuthorization, IntHeader(response, "X-RateLimit-Remaining"));
                }
            }
            finally
            {
                // Every way out of an attempt frees its slot exactly once, also when reading the answer throws.
                if (!released) Pacer.Release();
            }
        }

        /// <summary>The body as text, read under <paramref name="token"/> (the attempt's timeout), which also closes the response when it fires.</summary>
        private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken token)
        {
            using (token.Register(response.Dispose))
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new MemoryStream(response.Content.Headers.ContentLength is long length && length > 0 && length <= 1 << 20 ? (int)length : 0))
            {
                await stream.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                var charset = response.Content.Headers.ContentType?.CharSet;
                var encoding = System.Text.Encoding.UTF8;
                if (!string.IsNullOrEmpty(charset))
                {
                    try { encoding = System.Text.Encoding.GetEncoding(charset!.Trim('"')); } catch (ArgumentException) { }
                }
                return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
            }
        }

        /// <summary>
        /// A Retry-After that is negative or not a number counts as absent; one beyond <see cref="CcClientOptions.MaximumRetryAfter"/> is
        /// not waited out: the request fails with 429 (LimitsExceeded) saying how long the server asked for.
        /// </summary>
        private void RefuseLongRetryAfter(HttpMethod method, Uri uri, Attempt attempt)
        {
            var asked = attempt.Error!.RetryAfterSeconds;
            if (asked == null || asked.Value <= _options.MaximumRetryAfter.TotalSeconds) return;
            var detail = $"{method} {uri.AbsolutePath} was rate limited (HTTP 429) and the server asked to wait {asked.Value} s (Retry-After) before trying again, " +
                $"longer than the {_options.MaximumRetryAfter.TotalSeconds:0} s this client waits. Try again later.";
            throw new CcApiException(429, attempt.Error.RequestId, new[] { new CcApiError("retry_after_too_long", detail) }, detail, attempt.Error, null, asked);
        }

        /// <summary>Retry-After as a number of seconds to wait: null when absent or negative, never beyond the cap.</summary>
        private int? SaneRetryAfter(int? asked) =>
            asked == null || asked.Value < 0 ? (int?)null : Math.Min(asked.Value, (int)_options.MaximumRetryAfter.TotalSeconds);

        private async Task WaitForRateLimitAsync(HttpMethod method, Uri uri, Attempt attempt, CancellationToken cancellationToken)
        {
            var retryAfter = SaneRetryAfter(attempt.Error!.RetryAfterSeconds);
            // A 429 was not processed: waiting and resending is always safe.
            if (Pacer.OnThrottled(retryAfter, attempt.RateLimitRemaining))
            {
                _options.Log.Verbose($"{method} {uri.AbsolutePath}: rate limited (429), resending when the rate-limit window resets.");
                return; // the pacer holds it until then
            }
            var wait = TimeSpan.FromSeconds(retryAfter ?? 1) + RequestPacer.Jitter(250);
            _options.Log.Verbose($"{method} {uri.AbsolutePath}: rate limited (429), waiting {wait.TotalSeconds:0.0} s before resending.");
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        internal async Task BackoffAsync(int retry, string reason, CancellationToken cancellationToken)
        {
            // Capped exponential backoff with equal jitter: half the capped delay, plus up to as much again at random.
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
