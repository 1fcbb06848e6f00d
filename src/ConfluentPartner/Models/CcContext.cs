using System;

namespace ConfluentPartner
{
    /// <summary>
    /// What Connect-CcCloud connected this session to (type name <c>ConfluentPartner.CcContext</c>).
    /// Names and ids only: no secret is reachable from this object.
    /// </summary>
    public sealed class CcContext
    {
        internal const string ApiKeyType = "ApiKey";
        internal const string AccessTokenType = "AccessToken";
        internal const string ClientCredentialType = "ClientCredential";

        public Uri? BaseUri { get; set; }
        /// <summary>ApiKey, AccessToken or ClientCredential; "ApiKey, ClientCredential" when both APIs have their own.</summary>
        public string? AuthenticationType { get; set; }
        /// <summary>The Cloud API key id (the user name part; the secret is never kept here).</summary>
        public string? ApiKey { get; set; }
        /// <summary>The partner OAuth client id.</summary>
        public string? ClientId { get; set; }
        /// <summary>Where the OAuth client fetches its tokens.</summary>
        public Uri? TokenUri { get; set; }
        /// <summary>Parameter or Environment: where Connect-CcCloud took the credentials from.</summary>
        public string? Source { get; set; }
        public DateTimeOffset ConnectedAt { get; set; }

        public override string ToString() =>
            AuthenticationType + (ApiKey != null ? " " + ApiKey : "") + (ClientId != null ? " " + ClientId : "") + " at " + BaseUri;
    }
}
