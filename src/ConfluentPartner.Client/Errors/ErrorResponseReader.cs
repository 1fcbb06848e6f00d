using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>Turns any error response (Failure, the newer envelope, empty, HTML, broken JSON) into a <see cref="CcApiException"/>.</summary>
    internal static class ErrorResponseReader
    {
        public static CcApiException Read(HttpResponseMessage response, string body, Exception? inner = null)
        {
            var status = (int)response.StatusCode;
            var requestId = Header(response, "X-Request-Id");
            var errors = ParseErrors(body, status, response.Content?.Headers.ContentType?.MediaType, out var envelopeRequestId);
            requestId ??= envelopeRequestId;

            var message = Describe(status, response.ReasonPhrase, errors, requestId);
            return new CcApiException(status, requestId, errors, message, inner, response.Headers.Location?.ToString(),
                int.TryParse(Header(response, "Retry-After"), out var retryAfter) ? retryAfter : (int?)null);
        }

        internal static IReadOnlyList<CcApiError> ParseErrors(string body, int status, string? mediaType, out string? requestId)
        {
            requestId = null;
            var trimmed = body.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    var failure = JsonSerializer.Deserialize(body, CcJsonContext.Default.FailureBody);
                    if (failure?.Errors is { Count: > 0 } list)
                    {
                        return list.Select(e => new CcApiError(e.Code ?? CcApiException.DefaultCode(status), e.Detail ?? e.Message ?? e.Title,
                            e.Source?.Pointer, e.Title, e.Source?.Parameter, e.Id, e.Resolution)).ToList();
                    }
                    if (failure?.Error is { } env)
                    {
                        requestId = failure.RequestId;
                        var code = env.Code.ValueKind switch
                        {
                            JsonValueKind.String => env.Code.GetString(),
                            JsonValueKind.Number => env.Code.GetRawText(),
                            _ => null,
                        };
                        return new[] { new CcApiError(code ?? CcApiException.DefaultCode(status), env.Message) };
                    }
                }
                catch (JsonException)
                {
                    return Single(status, $"The server answered HTTP {status} with a malformed JSON body.");
                }
            }

            if (trimmed.Length == 0) return Single(status, $"The server answered HTTP {status} with an empty body.");
            if (trimmed.StartsWith("<", StringComparison.Ordinal) || (mediaType?.Contains("html") ?? false))
                return Single(status, $"The server answered HTTP {status} with an HTML page instead of a JSON error (a proxy or gateway in between?).");
            return Single(status, $"The server answered HTTP {status}: {Truncate(trimmed, 200)}");
        }

        private static IReadOnlyList<CcApiError> Single(int status, string detail) =>
            new[] { new CcApiError(CcApiException.DefaultCode(status), detail) };

        private static string Describe(int status, string? reason, IReadOnlyList<CcApiError> errors, string? requestId)
        {
            var sb = new StringBuilder();
            sb.Append("HTTP ").Append(status);
            if (!string.IsNullOrEmpty(reason)) sb.Append(' ').Append(reason);
            sb.Append(": ").Append(string.Join(" ", errors.Select(e => e.ToString())));
            if (requestId != null) sb.Append(" (request id ").Append(requestId).Append(')');
            return sb.ToString();
        }

        internal static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "...";
    }
}
