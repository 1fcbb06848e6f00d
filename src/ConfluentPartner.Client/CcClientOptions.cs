using System;
using System.Collections.Generic;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Client
{
    public sealed class CcClientOptions
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://api.confluent.cloud");

        public Uri BaseUri { get; set; } = DefaultBaseUri;
        public CcCredential? Credential { get; set; }
        public IClientLog Log { get; set; } = NullClientLog.Instance;
        /// <summary>Requests in flight at once (the pacer may lower it while the server answers 429).</summary>
        public int ThrottleLimit { get; set; } = 1;
        /// <summary>
        /// Resends after transient failures: for GET and DELETE any 5xx, timeout or broken connection; for a POST a connection
        /// that never carried it, 502, 503 and (unless the create is never resent) 504. See <see cref="Http.RetryDecision"/>.
        /// </summary>
        public int MaximumRetryCount { get; set; } = 4;
        /// <summary>First backoff; doubles per retry, capped at <see cref="MaximumRetryInterval"/>, then between half and all of it at random.</summary>
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaximumRetryInterval { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How many 429 answers one request may wait out before it fails.</summary>
        public int MaximumRateLimitRetryCount { get; set; } = 50;
        /// <summary>The longest <c>Retry-After</c> waited out; a longer one fails the request with 429 saying how long the server asked for.</summary>
        public TimeSpan MaximumRetryAfter { get; set; } = TimeSpan.FromSeconds(120);
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
        /// <summary>Extra headers on every API request (e.g. Prism's <c>Prefer</c> in contract tests). Never logged.</summary>
        public IDictionary<string, string> ExtraHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Refuses plain http except on loopback, so a secret never crosses a network unencrypted.</summary>
        public static Uri ValidateBaseUri(Uri uri) => ValidateEndpoint(uri, "base URI");

        /// <summary>The same rule for any endpoint a secret goes to; <paramref name="name"/> (e.g. "token URI") names it in the message.</summary>
        public static Uri ValidateEndpoint(Uri uri, string name)
        {
            if (!uri.IsAbsoluteUri) throw new ArgumentException($"The {name} '{uri}' is not absolute.");
            if (uri.Scheme == Uri.UriSchemeHttps) return uri;
            if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback) return uri;
            throw new ArgumentException($"The {name} '{uri}' is refused: use https, or plain http only to a loopback address (127.0.0.1, ::1, localhost).");
        }
    }
}
