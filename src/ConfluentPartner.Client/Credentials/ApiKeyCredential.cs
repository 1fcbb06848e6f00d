using System;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Credentials
{
    /// <summary>A Cloud API key: HTTP Basic with the key as user name and the secret as password.</summary>
    public sealed class ApiKeyCredential : CcCredential
    {
        private readonly SecureString _secret;
        private AuthenticationHeaderValue? _header;

        public ApiKeyCredential(string apiKey, SecureString apiSecret)
        {
            if (string.IsNullOrWhiteSpace(apiKey)) throw new ArgumentException("The API key is empty.", nameof(apiKey));
            ApiKey = apiKey.Trim();
            _secret = apiSecret.Copy();
            _secret.MakeReadOnly();
        }

        public string ApiKey { get; }
        public override string Description => "API key " + ApiKey;

        internal override ValueTask<AuthenticationHeaderValue> GetHeaderAsync(TokenFetcher tokens, CancellationToken cancellationToken)
        {
            _header ??= new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":" + Reveal(_secret))));
            return new ValueTask<AuthenticationHeaderValue>(_header);
        }
    }
}
