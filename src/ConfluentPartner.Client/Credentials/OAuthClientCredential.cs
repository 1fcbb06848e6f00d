using System;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Credentials
{
    /// <summary>
    /// OAuth 2.0 client credentials (the partner API's <c>oauth</c> scheme): the token is fetched once,
    /// cached until shortly before it expires, and fetched again after a 401.
    /// </summary>
    public sealed class OAuthClientCredential : CcCredential
    {
        private static readonly TimeSpan MaximumRefreshMargin = TimeSpan.FromSeconds(60);
        private readonly SecureString _clientSecret;
        private readonly SemaphoreSlim _fetchLock = new SemaphoreSlim(1, 1);
        private readonly object _gate = new object();
        private AuthenticationHeaderValue? _header;
        private DateTimeOffset _refreshAt;

        public OAuthClientCredential(string clientId, SecureString clientSecret, Uri? tokenUri = null, string? scope = null)
        {
            if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("The OAuth client id is empty.", nameof(clientId));
            ClientId = clientId.Trim();
            _clientSecret = clientSecret.Copy();
            _clientSecret.MakeReadOnly();
            TokenUri = tokenUri;
            Scope = scope;
        }

        public string ClientId { get; }
        /// <summary>Token endpoint; null means <c>{BaseUri}/oauth2/token</c>, the partner contract's tokenUrl.</summary>
        public Uri? TokenUri { get; }
        public string? Scope { get; }
        public override string Description => "OAuth client " + ClientId;
        /// <summary>How many tokens this credential has fetched (for diagnostics and tests).</summary>
        public int TokensFetched { get; private set; }

        internal override bool CanRefresh => true;

        internal override void Invalidate(AuthenticationHeaderValue? rejected)
        {
            // Many rows in flight may be refused with the same expired token; only the first invalidation counts,
            // so one 401 wave costs one new token, not one per row.
            lock (_gate)
            {
                if (rejected == null || Equals(rejected, _header)) _refreshAt = DateTimeOffset.MinValue;
            }
        }

        internal override async ValueTask<AuthenticationHeaderValue> GetHeaderAsync(TokenFetcher tokens, CancellationToken cancellationToken)
        {
            var header = Fresh();
            if (header != null) return header;
            await _fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                header = Fresh();
                if (header != null) return header;
                var token = await tokens.FetchAsync(TokenUri, ClientId, Reveal(_clientSecret), Scope, cancellationToken).ConfigureAwait(false);
                header = new AuthenticationHeaderValue("Bearer", token.AccessToken);
                lock (_gate)
                {
                    _header = header;
                    _refreshAt = DateTimeOffset.UtcNow + token.Lifetime - RefreshMargin(token.Lifetime);
                }
                TokensFetched++;
                return header;
            }
            finally
            {
                _fetchLock.Release();
            }
        }

        /// <summary>
        /// How long before expiry a token is replaced: a tenth of its lifetime, at most a minute. A fixed minute
        /// would make every token shorter than a minute count as expired, and be fetched again for every request.
        /// </summary>
        internal static TimeSpan RefreshMargin(TimeSpan lifetime) =>
            TimeSpan.FromTicks(Math.Min(MaximumRefreshMargin.Ticks, Math.Max(0, lifetime.Ticks / 10)));

        private AuthenticationHeaderValue? Fresh()
        {
            lock (_gate)
            {
                return _header != null && DateTimeOffset.UtcNow < _refreshAt ? _header : null;
            }
        }
    }
}
