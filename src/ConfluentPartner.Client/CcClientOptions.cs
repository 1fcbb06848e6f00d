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
        /// <summary>Retries after 502/503/504, timeouts of reads and connections that never carried the request.</summary>
        public int MaximumRetryCount { get; set; } = 4;
        /// <summary>First backoff; doubles per retry with full jitter, capped at <see cref="MaximumRetryInterval"/>.</summary>
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaximumRetryInterval { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How many 429 answers one request may wait out before it fails.</summary>
        public int MaximumRateLimitRetryCount { get; set; } = 50;
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
        /// <summary>Extra headers on every API request (e.g. Prism's <c>Prefer</c> in contract tests). Never logged.</summary>
        public IDictionary<string, string> ExtraHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Refuses plain http except on loopback, so a secret never crosses a network unencrypted.</summary>
        public static Uri ValidateBaseUri(Uri uri)
        {
            if (!uri.IsAbsoluteUri) throw new ArgumentException($"The base URI '{uri}' is not absolute.");
            if (uri.Scheme == Uri.UriSchemeHttps) return uri;
            if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback) return uri;
            throw new ArgumentException($"The base URI '{uri}' is refused: use https, or plain http only to a loopback address (127.0.0.1, ::1, localhost).");
        }
    }
}
