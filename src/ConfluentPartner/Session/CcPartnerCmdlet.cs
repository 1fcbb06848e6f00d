using System;
using System.Management.Automation;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// partner/v2 cmdlets: the API takes OAuth bearer tokens only (scope <c>partner:create</c>), either given as
    /// -AccessToken or fetched with the client-credentials flow from -ClientCredential. One credential object per
    /// cmdlet call, so a token is fetched once for all rows and renewed only shortly before it expires or after a 401.
    /// </summary>
    public abstract class CcPartnerCmdlet : CcApiCmdlet
    {
        /// <summary>OAuth client id (user name) and client secret (password), e.g. from Get-AutomationPSCredential.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ClientCredential { get; set; }

        /// <summary>The OAuth token endpoint; default {BaseUri}/oauth2/token.</summary>
        [Parameter]
        public Uri? TokenUri { get; set; }

        protected sealed override ApiFamily ApiFamily => ApiFamily.Partner;
    }
}
