using System;
using System.Net.Http;
using System.Net.Http.Headers;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Client.Http
{
    /// <summary>What one attempt of <see cref="CcPipeline"/> ended in: the facts <see cref="RetryDecision"/> decides on.</summary>
    internal sealed class Attempt
    {
        private Attempt(AttemptOutcome outcome, int status) { Outcome = outcome; Status = status; }

        public AttemptOutcome Outcome { get; }
        /// <summary>The HTTP status of an answer; 0 without one.</summary>
        public int Status { get; }
        public CcResponse Response { get; private set; }
        /// <summary>The error an answer carried (any status but 2xx).</summary>
        public CcApiException? Error { get; private set; }
        /// <summary>Why no answer came.</summary>
        public Exception? Failure { get; private set; }
        public AuthenticationHeaderValue? SentAuthorization { get; private set; }
        public int? RateLimitRemaining { get; private set; }
        private string? _failed;

        public static Attempt Succeeded(CcResponse response) => new Attempt(AttemptOutcome.Answered, response.Status) { Response = response };

        public static Attempt Refused(CcApiException error, AuthenticationHeaderValue? sentAuthorization, int? rateLimitRemaining) =>
            new Attempt(AttemptOutcome.Answered, error.StatusCode) { Error = error, SentAuthorization = sentAuthorization, RateLimitRemaining = rateLimitRemaining };

        public static Attempt Failed(AttemptOutcome outcome, string what, Exception failure) =>
            new Attempt(outcome, 0) { Failure = failure, _failed = what };

        /// <summary>The attempt in words for Verbose and error messages, e.g. "POST /iam/v2/invitations answered 503".</summary>
        public string Describe(HttpMethod method, Uri uri) =>
            $"{method} {uri.AbsolutePath} " + (_failed ?? $"answered {Status}");
    }
}
