using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>
    /// The plumbing every resource file shares: JSON in and out through the source-generated context, paging by
    /// <c>metadata.next</c>, and creates sent under their <see cref="ResendPolicy"/>.
    /// </summary>
    internal sealed class JsonTransport
    {
        private readonly CcPipeline _pipeline;
        private readonly IClientLog _log;

        public JsonTransport(CcPipeline pipeline, IClientLog log)
        {
            _pipeline = pipeline;
            _log = log;
        }

        public Task<ApiResult<T>> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
            SendAsync(HttpMethod.Get, path, null, type, ResendPolicy.Idempotent, cancellationToken);

        public async Task<string?> DeleteAsync(string path, CancellationToken cancellationToken) =>
            (await _pipeline.SendAsync(HttpMethod.Delete, path, null, ResendPolicy.Idempotent, cancellationToken).ConfigureAwait(false)).RequestId;

        /// <summary>
        /// POSTs a checked request under <paramref name="policy"/>. With <see cref="ResendPolicy.LookUpThenResend"/>, an unclear
        /// outcome makes <paramref name="lookUp"/> look for the resource before anything is sent again: found, it is the answer;
        /// not found, the request was not processed and is resent (after a backoff), up to the retry limit.
        /// </summary>
        public async Task<ApiResult<TResponse>> CreateAsync<TRequest, TResponse>(string path, Checked<TRequest> request, JsonTypeInfo<TRequest> requestType,
            JsonTypeInfo<TResponse> responseType, ResendPolicy policy, CancellationToken cancellationToken,
            Func<CancellationToken, Task<ApiResult<TResponse>?>>? lookUp = null, string? what = null) where TRequest : class
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(request.OrThrow(), requestType);
            var resends = 0;
            while (true)
            {
                try
                {
                    return await SendAsync(HttpMethod.Post, path, body, responseType, policy, cancellationToken).ConfigureAwait(false);
                }
                catch (CcOutcomeUnknownException ex) when (policy == ResendPolicy.LookUpThenResend && lookUp != null)
                {
                    // A 2xx says it was created even when its body is unusable: look it up, but never send it again.
                    var created = ex.StatusCode >= 200 && ex.StatusCode < 300;
                    _log.Warning(created ? $"{what}: {ex.Message} Looking it up." : $"{what}: {ex.Message} Checking whether it exists before trying again.");
                    ApiResult<TResponse>? existing;
                    try
                    {
                        existing = await lookUp(cancellationToken).ConfigureAwait(false);
                    }
                    catch (CcApiException lookupFailed) when (!(lookupFailed is CcOutcomeUnknownException))
                    {
                        var detail = $"{what}: {ex.Message} Looking it up failed too ({lookupFailed.Message}), so it was not sent again; " +
                            "check whether it exists before sending it again.";
                        throw new CcOutcomeUnknownException(detail, ex.StatusCode, ex.RequestId, lookupFailed);
                    }
                    if (existing != null)
                    {
                        _log.Verbose($"{what}: it exists; not sending it again.");
                        return existing;
                    }
                    if (created)
                        throw new CcOutcomeUnknownException($"{what}: {ex.Message} A lookup did not find it (yet), and it was not sent again: " +
                            "check whether it exists before sending it again.", ex.StatusCode, ex.RequestId, ex);
                    if (RetryDecision.Decide(policy, false, AttemptOutcome.NotFoundAfterUnknown, 0, resends, _pipeline.MaximumRetryCount) != RetryAction.BackOffAndResend) throw;
                    await _pipeline.BackoffAsync(++resends, $"{what}: it does not exist, so the request was not processed; sending it again",
                        cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Reads a paged list one page per request as the reader gets there, following <c>metadata.next</c>.</summary>
        public AsyncCursor<ApiResult<TItem>> List<TPage, TItem>(string firstPage, JsonTypeInfo<TPage> pageType, Func<TPage, IEnumerable<TItem>?> items,
            Func<TPage, string?> next, CancellationToken cancellationToken)
        {
            var read = new HashSet<string>(StringComparer.Ordinal);
            return new AsyncCursor<ApiResult<TItem>>(firstPage, async (path, token) =>
            {
                // The items of every page read are kept; a link back to a page already read is the error.
                if (!read.Add(path))
                {
                    var detail = $"GET {firstPage.Split('?')[0]}: the server's metadata.next pointed at a page already read ({path}) after {read.Count} page(s); " +
                        "stopped paging instead of reading the same pages forever.";
                    throw new CcApiException(200, null, new[] { new CcApiError("paging_loop", detail) }, detail);
                }
                var page = await GetAsync(path, pageType, token).ConfigureAwait(false);
                var results = new List<ApiResult<TItem>>();
                foreach (var item in items(page.Value) ?? Array.Empty<TItem>()) results.Add(new ApiResult<TItem>(item, page.RequestId));
                return (results, NextPage(next(page.Value)));
            }, cancellationToken);
        }

        /// <summary>A path with its query: only the parameters that have a value, escaped.</summary>
        public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
        {
            var query = new StringBuilder(path);
            foreach (var (name, value) in parameters)
            {
                if (string.IsNullOrEmpty(value)) continue;
                query.Append(query.Length == path.Length ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
            }
            return query.ToString();
        }

        private async Task<ApiResult<TResponse>> SendAsync<TResponse>(HttpMethod method, string path, byte[]? jsonBody,
            JsonTypeInfo<TResponse> responseType, ResendPolicy policy, CancellationToken cancellationToken)
        {
            var response = await _pipeline.SendAsync(method, path, jsonBody, policy, cancellationToken).ConfigureAwait(false);
            TResponse? value;
            try
            {
                if (response.Incomplete != null) throw new JsonException(response.Incomplete);
                value = JsonSerializer.Deserialize(response.Body, responseType);
                // A create's answer must be the resource: {} (or a page from a redirect elsewhere) is not a success.
                if (method == HttpMethod.Post && !HasContent(response.Body)) throw new JsonException("it is empty or has no fields");
            }
            catch (JsonException ex)
            {
                var detail = $"{method} {path} answered HTTP {response.Status} with a body that is not the expected JSON ({ex.Message}).";
                if (method == HttpMethod.Post)
                    throw new CcOutcomeUnknownException(detail + (response.Status >= 200 && response.Status < 300
                        ? " The status says it was processed." : " The request may have been processed."), response.Status, response.RequestId, ex);
                throw new CcApiException(response.Status, response.RequestId, new[] { new CcApiError("invalid_response", detail) }, detail, ex);
            }
            if (value == null)
            {
                var detail = $"{method} {path} answered HTTP {response.Status} with an empty body.";
                throw new CcApiException(response.Status, response.RequestId, new[] { new CcApiError("invalid_response", detail) }, detail);
            }
            return new ApiResult<TResponse>(value, response.RequestId);
        }

        /// <summary>
        /// True when the body is a JSON object with at least one field that is not null. Read with a reader over pooled bytes
        /// rather than a JsonDocument: every create's answer passes here.
        /// </summary>
        private static bool HasContent(string body)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(body.Length));
            try
            {
                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(bytes, 0, Encoding.UTF8.GetBytes(body, 0, body.Length, bytes, 0)));
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null) return true;
                }
                return false;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        /// <summary>The contract's paging links are absolute URLs; only their path and query are followed, on our base URI.</summary>
        private static string? NextPage(string? next)
        {
            if (string.IsNullOrEmpty(next)) return null;
            return Uri.TryCreate(next, UriKind.Absolute, out var uri) ? uri.PathAndQuery : next;
        }
    }
}
