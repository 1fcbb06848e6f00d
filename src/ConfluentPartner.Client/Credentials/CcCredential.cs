using System;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Credentials
{
    /// <summary>How requests authenticate. Secrets stay in <see cref="SecureString"/> until a header is built.</summary>
    public abstract class CcCredential
    {
        /// <summary>A description safe to show: the kind and the key or client id, never a secret.</summary>
        public abstract string Description { get; }

        /// <summary>Where the credential came from (parameter, context, environment), for Verbose and Get-CcContext.</summary>
        public string Source { get; set; } = "parameter";

        internal abstract ValueTask<AuthenticationHeaderValue> GetHeaderAsync(TokenFetcher tokens, CancellationToken cancellationToken);

        /// <summary>True when a 401 may be cured by fetching a new token.</summary>
        internal virtual bool CanRefresh => false;

        /// <summary>Drops the cached header after the server refused <paramref name="rejected"/>; a header fetched since stays.</summary>
        internal virtual void Invalidate(AuthenticationHeaderValue? rejected) { }

        protected static string Reveal(SecureString secret) => new NetworkCredential(string.Empty, secret).Password;
    }
}
