using System;
using System.Management.Automation;
using System.Security;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// The one base of every cmdlet that calls the API: endpoint, credential and timeout parameters, and a client built
    /// once per call for the <see cref="ApiFamily"/> the cmdlet declares. A cmdlet adds only its own parameters; a bulk
    /// cmdlet owns a <see cref="Bulk.BulkRunner"/>.
    /// </summary>
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

        /// <summary>Seconds to wait for one whole response (status, headers and body) before it counts as timed out.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>How many rate-limit answers (429) one request waits out before it fails with LimitsExceeded.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRateLimitRetryCount { get; set; } = DefaultRateLimitRetryCount;

        internal const int DefaultRateLimitRetryCount = 10;

        /// <summary>The API this cmdlet calls: it decides which credentials are taken.</summary>
        protected abstract ApiFamily ApiFamily { get; }

        /// <summary>The client, created on first use (-WhatIf never needs a credential).</summary>
        internal CcApiClient Client => GetClient(null);

        /// <summary>The client, created on first use with <paramref name="configure"/> (a bulk runner's throttle and retries).</summary>
        internal CcApiClient GetClient(Action<CcClientOptions>? configure)
        {
            if (_client != null) return _client;
            var baseUri = CredentialResolver.ResolveBaseUri(this, BaseUri, ConnectContext.Current?.BaseUri);
            var credential = ResolveCredential(out var refusal);
            if (credential == null) ThrowTerminatingError(NoCredential(refusal));
            var options = new CcClientOptions
            {
                BaseUri = baseUri,
                Credential = credential,
                Log = Log,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                MaximumRateLimitRetryCount = MaximumRateLimitRetryCount,
            };
            configure?.Invoke(options);
            WriteVerbose($"Using {options.Credential!.Description} (from {options.Credential.Source}) against {options.BaseUri}.");
            return _client = new CcApiClient(options);
        }

        /// <summary>Parameters first, then the Connect-CcCloud context, then the environment. Never a prompt. Null (with the reason, if any) when none fits.</summary>
        private CcCredential? ResolveCredential(out string? refusal)
        {
            refusal = null;
            var partner = ApiFamily == ApiFamily.Partner;
            var oauth = this as CcPartnerCmdlet;
            // The client secret goes to the token endpoint: the same https-or-loopback rule as the base URI.
            var tokenUri = oauth?.TokenUri == null ? null : CredentialResolver.RequireSecure(this, oauth.TokenUri, "InsecureTokenUri", "token URI");
            if (oauth?.ClientCredential is { } client)
                return new OAuthClientCredential(client.UserName, client.Password, tokenUri) { Source = "parameter" };
            if (AccessToken != null) return new BearerTokenCredential(AccessToken) { Source = "parameter" };
            if (Credential != null)
            {
                if (!partner) return CredentialResolver.FromPSCredential(Credential, "parameter");
                refusal = "This API takes OAuth bearer tokens, not API keys: use -AccessToken or -ClientCredential.";
                return null;
            }
            var context = ConnectContext.Current;
            var credential = context?.CredentialFor(acceptsApiKey: !partner, acceptsOAuth: partner)
                ?? CredentialResolver.FromEnvironment(allowApiKey: !partner, allowOAuth: partner, tokenUri);
            if (credential == null && context != null)
                refusal = $"The Connect-CcCloud context of this session has no credential this API takes ({context.ToPublic().AuthenticationType}).";
            return credential;
        }

        private ErrorRecord NoCredential(string? reason)
        {
            var ways = ApiFamily == ApiFamily.Iam
                ? $"-Credential (API key as user name, secret as password), -AccessToken, Connect-CcCloud, or the environment variables {EnvironmentNames.ApiKey} and {EnvironmentNames.ApiSecret}"
                : $"-AccessToken, -ClientCredential (OAuth client id and secret), Connect-CcCloud, or the environment variables {EnvironmentNames.ClientId} and {EnvironmentNames.ClientSecret} (or {EnvironmentNames.AccessToken})";
            var message = (reason ?? "No Confluent Cloud credential was given.") + " Give one with " + ways + ".";
            var record = new ErrorRecord(new InvalidOperationException(message), "NoCredential", ErrorCategory.AuthenticationError, null);
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Give a credential in one of the ways listed." };
            return record;
        }
    }
}
