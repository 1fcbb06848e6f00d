using System;
using System.Management.Automation;
using System.Security;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>What every API cmdlet shares: endpoint, credentials, timeouts, and a client built once per call.</summary>
    public abstract class CcApiCmdlet : CcCmdlet
    {
        private CcApiClient? _client;

        /// <summary>Cloud API key (user name) and secret (password), e.g. from Get-AutomationPSCredential.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A bearer access token.</summary>
        [Parameter]
        public SecureString? AccessToken { get; set; }

        /// <summary>The API endpoint; default https://api.confluent.cloud.</summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        /// <summary>Seconds to wait for one response before it counts as timed out.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>Whether API-key (Basic) credentials are accepted; the partner API takes bearer tokens only.</summary>
        protected virtual bool AcceptsApiKey => true;
        protected virtual bool AcceptsOAuthClient => false;
        /// <summary>The cmdlet's own OAuth client credential parameter, where it has one.</summary>
        protected virtual PSCredential? OAuthClientCredential => null;
        protected virtual Uri? OAuthTokenUri => null;

        /// <summary>Per-client settings a bulk cmdlet adds (throttle, retries).</summary>
        protected virtual void ConfigureClient(CcClientOptions options) { }

        /// <summary>The client, created on first use: -WhatIf never needs a credential.</summary>
        internal CcApiClient Client => _client ??= CreateClient();

        private CcApiClient CreateClient()
        {
            var options = new CcClientOptions
            {
                BaseUri = ResolveBaseUri(),
                Credential = ResolveCredential(),
                Log = Log,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
            };
            ConfigureClient(options);
            WriteVerbose($"Using {options.Credential!.Description} (from {options.Credential.Source}) against {options.BaseUri}.");
            return new CcApiClient(options);
        }

        private Uri ResolveBaseUri() => CredentialResolver.ResolveBaseUri(this, BaseUri, CcSessionContext.Current?.BaseUri);

        /// <summary>Parameters first, then the Connect-CcCloud context, then the environment. Never a prompt.</summary>
        private CcCredential ResolveCredential()
        {
            // The client secret goes to the token endpoint: the same https-or-loopback rule as the base URI.
            var tokenUri = OAuthTokenUri == null ? null : CredentialResolver.RequireSecure(this, OAuthTokenUri, "InsecureTokenUri");
            if (OAuthClientCredential != null)
                return new OAuthClientCredential(OAuthClientCredential.UserName, OAuthClientCredential.Password, tokenUri) { Source = "parameter" };
            if (AccessToken != null) return new BearerTokenCredential(AccessToken) { Source = "parameter" };
            if (Credential != null)
            {
                if (!AcceptsApiKey) ThrowNoCredential("This API takes OAuth bearer tokens, not API keys: use -AccessToken or -ClientCredential.");
                return CredentialResolver.FromPSCredential(Credential, "parameter");
            }
            var context = CcSessionContext.Current;
            var fromContext = context?.CredentialFor(AcceptsApiKey, AcceptsOAuthClient);
            if (fromContext != null) return fromContext;
            var environment = CredentialResolver.FromEnvironment(AcceptsApiKey, AcceptsOAuthClient, tokenUri);
            if (environment != null) return environment;
            ThrowNoCredential(context == null ? null : "The Connect-CcCloud context of this session has no credential this API takes ("
                + context.ToPublic().AuthenticationType + ").");
            throw new InvalidOperationException("unreachable");
        }

        private void ThrowNoCredential(string? reason)
        {
            var ways = AcceptsApiKey
                ? $"-Credential (API key as user name, secret as password), -AccessToken, Connect-CcCloud, or the environment variables {EnvironmentNames.ApiKey} and {EnvironmentNames.ApiSecret}"
                : $"-AccessToken, -ClientCredential (OAuth client id and secret), Connect-CcCloud, or the environment variables {EnvironmentNames.ClientId} and {EnvironmentNames.ClientSecret} (or {EnvironmentNames.AccessToken})";
            var message = (reason ?? "No Confluent Cloud credential was given.") + " Give one with " + ways + ".";
            var ex = new InvalidOperationException(message);
            var record = new ErrorRecord(ex, "NoCredential", ErrorCategory.AuthenticationError, null);
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give a credential in one of the ways listed." };
            ThrowTerminatingError(record);
        }
    }
}
