using ConfluentPartner.Client;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner
{
    /// <summary>
    /// A signup or link (New-CcPartnerSignup, Connect-CcPartnerOrganization) or its completion (Complete-CcPartnerSignup), type name
    /// <c>ConfluentPartner.PartnerSignupResult</c>. Pipes into Complete-CcPartnerSignup by OrganizationId.
    /// </summary>
    public sealed class PartnerSignupResult
    {
        /// <summary>The customer's new organization.</summary>
        public string? OrganizationId { get; set; }
        /// <summary>The login URL for the customer.</summary>
        public string? SsoUrl { get; set; }
        /// <summary>The message the marketplace shows the customer.</summary>
        public string? DisplayMessage { get; set; }
        /// <summary>The organization name given (identifies the input row).</summary>
        public string? OrganizationName { get; set; }
        /// <summary>The entitlement's external id, when its details were given (identifies the input row).</summary>
        public string? EntitlementExternalId { get; set; }
        /// <summary>The id of the entitlement referenced, when a reference was given.</summary>
        public string? EntitlementId { get; set; }
        /// <summary>The user created with the organization or by the completion; null while the signup awaits one.</summary>
        public string? UserEmail { get; set; }
        /// <summary>True when the organization was created without a user: Complete-CcPartnerSignup must add one.</summary>
        public bool ActivationPending { get; set; }
        /// <summary>True for an existing organization linked to the entitlement (POST /partner/v2/signup/link).</summary>
        public bool Linked { get; set; }
        /// <summary>True when an earlier run had already signed up or linked this customer (-SkipExisting): nothing was sent.</summary>
        public bool AlreadyExisted { get; set; }
        /// <summary>X-Request-Id of the response; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        public override string ToString() => OrganizationId ?? OrganizationName ?? base.ToString()!;

        /// <summary>What the API answered; the caller adds what identifies the input row.</summary>
        internal static PartnerSignupResult From(ApiResult<PartnerSignupResponse> answer) => new PartnerSignupResult
        {
            OrganizationId = answer.Value.OrganizationId,
            SsoUrl = answer.Value.SsoUrl,
            DisplayMessage = answer.Value.DisplayMessage,
            RequestId = answer.RequestId,
        };
    }
}
