using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Errors;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Remembers credentials and an endpoint for this session (runspace), so the other cmdlets need no credential
    /// parameters. Nothing is sent over the network unless -Validate is given.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CcCloud", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(CcContext))]
    public sealed class ConnectCcCloudCommand : CcCmdlet
    {
        // An API key alone, or with a partner OAuth client: separate sets, so that -ClientCredential alone
        // resolves to its own set and a bare Connect-CcCloud still asks for the API key.
        private const string CredentialSet = "Credential";
        private const string CredentialAndClientSet = "CredentialAndClient";
        private const string ApiKeySet = "ApiKey";
        private const string ApiKeyAndClientSet = "ApiKeyAndClient";
        private const string AccessTokenSet = "AccessToken";
        private const string ClientCredentialSet = "ClientCredential";
        private const string EnvironmentSet = "Environment";

        /// <summary>Cloud API key (user name) and secret (password), for the IAM API.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialAndClientSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Cloud API key id, with -ApiSecret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = ApiKeyAndClientSet)]
        [ValidateNotNullOrEmpty]
        public string? ApiKey { get; set; }

        /// <summary>The secret of -ApiKey.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = ApiKeyAndClientSet)]
        [ValidateNotNull]
        public SecureString? ApiSecret { get; set; }

        /// <summary>A bearer access token, used for both the IAM and the partner API.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        /// <summary>Partner OAuth client id (user name) and secret (password), for the partner API.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = CredentialAndClientSet)]
        [Parameter(Mandatory = true, ParameterSetName = ApiKeyAndClientSet)]
        [Credential]
        public PSCredential? ClientCredential { get; set; }

        /// <summary>The OAuth token endpoint; default {BaseUri}/oauth2/token.</summary>
        [Parameter(ParameterSetName = ClientCredentialSet)]
        [Parameter(ParameterSetName = CredentialAndClientSet)]
        [Parameter(ParameterSetName = ApiKeyAndClientSet)]
        [Parameter(ParameterSetName = EnvironmentSet)]
        public Uri? TokenUri { get; set; }

        /// <summary>
        /// Takes the credentials from the environment variables (CONFLUENT_CLOUD_API_KEY/_API_SECRET,
        /// CONFLUENT_CLOUD_ACCESS_TOKEN, CONFLUENT_PARTNER_CLIENT_ID/_CLIENT_SECRET) once, now.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
        public SwitchParameter FromEnvironment { get; set; }

        /// <summary>The API endpoint; default CONFLUENT_CLOUD_BASE_URI, else https://api.confluent.cloud.</summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// Checks the credentials before remembering them: an API key or token by reading one invitation,
        /// an OAuth client by fetching a token. Without it nothing is sent.
        /// </summary>
        [Parameter]
        public SwitchParameter Validate { get; set; }

        protected override void EndProcessing()
        {
            var baseUri = CredentialResolver.ResolveBaseUri(this, BaseUri, null);
            var tokenUri = TokenUri == null ? null : CredentialResolver.RequireSecure(this, TokenUri, "InsecureTokenUri", "token URI");

            CcCredential? api = null, partner = null;
            if (Credential != null) api = CredentialResolver.FromPSCredential(Credential, "parameter");
            if (ApiKey != null) api = new ApiKeyCredential(ApiKey, ApiSecret!);
            if (AccessToken != null) api = partner = new BearerTokenCredential(AccessToken);
            if (ClientCredential != null) partner = new OAuthClientCredential(ClientCredential.UserName, ClientCredential.Password, tokenUri);
            if (FromEnvironment.IsPresent)
            {
                api = CredentialResolver.FromEnvironment(allowApiKey: true, allowOAuth: false);
                partner = CredentialResolver.FromEnvironment(allowApiKey: false, allowOAuth: true, tokenUri);
                if (api == null && partner == null) ThrowNoCredentialInEnvironment();
            }
            if (tokenUri != null && !(partner is OAuthClientCredential))
            {
                ThrowTerminatingError(ErrorRecordMapper.Simple(
                    new ArgumentException("-TokenUri is where an OAuth client fetches its tokens: give it with -ClientCredential, or with -FromEnvironment and a client in the environment."),
                    "TokenUriWithoutClient", ErrorCategory.InvalidArgument, TokenUri));
            }
            if (api != null) api.Source = ConnectContext.CredentialSource;
            if (partner != null) partner.Source = ConnectContext.CredentialSource;

            var context = new ConnectContext(baseUri, api, partner, FromEnvironment.IsPresent ? "Environment" : "Parameter");
            var shown = context.ToPublic();
            if (Validate.IsPresent) Check(context, shown);
            ConnectContext.SetCurrent(context);
            WriteVerbose($"Connected this session to {baseUri} with {shown.AuthenticationType} ({(Validate.IsPresent ? "checked" : "not checked: nothing was sent")}).");
            WriteObject(shown);
        }

        /// <summary>One cheap authenticated call per credential. A failure is terminating and keeps the previous context.</summary>
        private void Check(ConnectContext context, CcContext shown)
        {
            try
            {
                if (context.ApiCredential != null) Wait(ReadOneInvitationAsync(NewClient(context.BaseUri, context.ApiCredential)));
                if (context.PartnerCredential != null && !ReferenceEquals(context.PartnerCredential, context.ApiCredential))
                    Wait(NewClient(context.BaseUri, context.PartnerCredential).AuthenticateAsync(Cancellation));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, shown, stop: true);
            }
        }

        private Task<bool> ReadOneInvitationAsync(CcApiClient client) =>
            client.Invitations.List(new InvitationFilter { PageSize = 1 }, Cancellation).MoveNextAsync();

        private CcApiClient NewClient(Uri baseUri, CcCredential credential) =>
            new CcApiClient(new CcClientOptions { BaseUri = baseUri, Credential = credential, Log = Log, MaximumRetryCount = 1 });


        private void ThrowNoCredentialInEnvironment()
        {
            var message = "No Confluent Cloud credential is in the environment. Set " +
                $"{EnvironmentNames.ApiKey} and {EnvironmentNames.ApiSecret} (IAM API), {EnvironmentNames.ClientId} and {EnvironmentNames.ClientSecret} (partner API), or {EnvironmentNames.AccessToken} (both).";
            ThrowTerminatingError(ErrorRecordMapper.Simple(new InvalidOperationException(message), "NoCredential", ErrorCategory.AuthenticationError, null,
                "Set the environment variables, or give -Credential, -ApiKey and -ApiSecret, -AccessToken or -ClientCredential."));
        }
    }
}
