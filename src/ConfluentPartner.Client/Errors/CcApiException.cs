using System;
using System.Collections.Generic;
using System.Linq;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>
    /// A request the API answered with an error, or one that client-side validation refused before sending
    /// (<see cref="IsClientSide"/>). Both carry the same error list. Immutable: facts only, no advice for a user interface.
    /// </summary>
    public class CcApiException : Exception
    {
        public CcApiException(int statusCode, string? requestId, IReadOnlyList<CcApiError> errors, string message, Exception? inner = null,
            string? location = null, int? retryAfterSeconds = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            RequestId = requestId;
            Errors = errors;
            Location = location;
            RetryAfterSeconds = retryAfterSeconds;
        }

        /// <summary>HTTP status; 0 when no answer came (refused before sending, timed out, connection failed).</summary>
        public int StatusCode { get; }
        public string? RequestId { get; }
        public IReadOnlyList<CcApiError> Errors { get; }
        /// <summary>The <c>Location</c> header of a 409: the conflicting resource.</summary>
        public string? Location { get; }
        /// <summary><c>Retry-After</c> seconds of a 429, when sent.</summary>
        public int? RetryAfterSeconds { get; }
        /// <summary>The contract check refused the request before it was sent.</summary>
        public bool IsClientSide { get; private set; }

        /// <summary>The first error's code: the ErrorId users match on.</summary>
        public string Code => Errors.Count > 0 && Errors[0].Code.Length > 0 ? Errors[0].Code : DefaultCode(StatusCode);

        /// <summary>The same failure with other errors (e.g. one of them, or copies that say more): status, request id, Location and Retry-After kept.</summary>
        public virtual CcApiException WithErrors(IReadOnlyList<CcApiError> errors, string message) =>
            new CcApiException(StatusCode, RequestId, errors, message, this, Location, RetryAfterSeconds) { IsClientSide = IsClientSide };

        /// <summary>The contract check's refusal: one error per violation, each with its JSON pointer; status 0, nothing sent.</summary>
        public static CcApiException Validation(IReadOnlyList<CcApiError> errors) =>
            new CcApiException(0, null, errors, string.Join(" ", errors.Select(e => e.Detail))) { IsClientSide = true };

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
}
