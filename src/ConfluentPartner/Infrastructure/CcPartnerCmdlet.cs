using System;
using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>
    /// partner/v2 cmdlets: the API takes OAuth bearer tokens only (scope <c>partner:create</c>), either given as
    /// -AccessToken or fetched with the client-credentials flow from -ClientCredential. One credential object per
    /// cmdlet call, so a token is fetched once for all rows and renewed only shortly before it expires or after a 401.
    /// </summary>
    public abstract class CcPartnerCmdlet : CcBulkCmdlet
    {
        /// <summary>OAuth client id (user name) and client secret (password), e.g. from Get-AutomationPSCredential.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ClientCredential { get; set; }

        /// <summary>The OAuth token endpoint; default {BaseUri}/oauth2/token.</summary>
        [Parameter]
        public Uri? TokenUri { get; set; }

        protected override bool AcceptsApiKey => false;
        protected override bool AcceptsOAuthClient => true;
        protected override PSCredential? OAuthClientCredential => ClientCredential;
        protected override Uri? OAuthTokenUri => TokenUri;

        /// <summary>A request can break several constraints at once: one ErrorRecord each, naming its parameter.</summary>
        internal override RowOutcome FailureOutcome(CcApiException ex, object? target, IReadOnlyDictionary<string, string> pointerMap) =>
            RowOutcome.Failure(ErrorRecordFactory.PerError(ex, target, pointerMap), ErrorRecordFactory.DoomsEveryRow(ex));
    }
}
