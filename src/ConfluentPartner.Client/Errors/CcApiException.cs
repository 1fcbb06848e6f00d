using System;
using System.Collections.Generic;
using System.Linq;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>
    /// A request the API answered with an error, or one that client-side validation refused before sending
    /// (<see cref="IsClientSide"/>, <see cref="StatusCode"/> 0). Both carry the same error list.
    /// </summary>
    public class CcApiException : Exception
    {
        public CcApiException(int statusCode, string? requestId, IReadOnlyList<CcApiError> errors, string message, Exception? inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            RequestId = requestId;
            Errors = errors;
        }

        /// <summary>HTTP status; 0 when the request never left the machine.</summary>
        public int StatusCode { get; }
        public string? RequestId { get; }
        public IReadOnlyList<CcApiError> Errors { get; }
        /// <summary>The <c>Location</c> header of a 409: the conflicting resource.</summary>
        public string? Location { get; set; }
        /// <summary><c>Retry-After</c> seconds of a 429, when sent.</summary>
        public int? RetryAfterSeconds { get; set; }
        public bool IsClientSide => StatusCode == 0;

        /// <summary>The first error's code: the ErrorId users match on.</summary>
        public string Code => Errors.Count > 0 && Errors[0].Code.Length > 0 ? Errors[0].Code : DefaultCode(StatusCode);

        public static CcApiException Validation(IReadOnlyList<CcApiError> errors)
        {
            var message = string.Join(" ", errors.Select(e => e.Detail));
            return new CcApiException(0, null, errors, message);
        }

        public static string DefaultCode(int status) => status switch
        {
            0 => "invalid_input",
            400 => "bad_request",
            401 => "user_unauthenticated",
            402 => "quota_exceeded",
            403 => "user_unauthorized",
            404 => "resource_not_found",
            409 => "resource_already_exists",
            422 => "invalid_input",
            429 => "rate_limit_exceeded",
            _ when status >= 500 => "server_error",
            _ => "http_" + status,
        };
    }

    /// <summary>
    /// A create request that may or may not have reached the server (timeout, connection reset after sending,
    /// a 500): repeating it blindly could create the resource twice.
    /// </summary>
    public sealed class CcOutcomeUnknownException : CcApiException
    {
        public CcOutcomeUnknownException(string message, int statusCode, string? requestId, Exception? inner)
            : base(statusCode, requestId, new[] { new CcApiError { Code = "outcome_unknown", Detail = message } }, message, inner)
        {
        }
    }

    /// <summary>The server could not be reached at all (nothing was sent).</summary>
    public sealed class CcConnectionException : CcApiException
    {
        public CcConnectionException(string message, Exception? inner)
            : base(0, null, new[] { new CcApiError { Code = "connection_failed", Detail = message } }, message, inner)
        {
        }
    }
}
