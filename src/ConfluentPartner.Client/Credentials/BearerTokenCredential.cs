using System;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Credentials
{
    /// <summary>A bearer access token obtained elsewhere (e.g. <c>confluent</c> CLI or an identity provider).</summary>
    public sealed class BearerTokenCredential : CcCredential
    {
        private readonly SecureString _token;
        private AuthenticationHeaderValue? _header;

        public BearerTokenCredential(SecureString token)
        {
            _token = token.Copy();
            _token.MakeReadOnly();
        }

        public override string Description => "bearer access token";

        internal override ValueTask<AuthenticationHeaderValue> GetHeaderAsync(TokenFetcher tokens, CancellationToken cancellationToken)
        {
            _header ??= new AuthenticationHeaderValue("Bearer", Reveal(_token));
            return new ValueTask<AuthenticationHeaderValue>(_header);
        }
    }
}
