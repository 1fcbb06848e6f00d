using System;

namespace ConfluentPartner
{
    /// <summary>
    /// A customer organization of the partner (type name <c>ConfluentPartner.PartnerOrganization</c>). Pipes into
    /// Complete-CcPartnerSignup by OrganizationId.
    /// </summary>
    public sealed class PartnerOrganization
    {
        public string? Name { get; set; }
        public string? OrganizationId { get; set; }
        /// <summary>The login URL for the customer.</summary>
        public string? SsoUrl { get; set; }
        /// <summary>The Azure AD (Entra ID) tenant of the organization's SSO.</summary>
        public string? SsoTenantId { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        /// <summary>The organization's CRN (metadata.resource_name).</summary>
        public string? ResourceName { get; set; }
        /// <summary>X-Request-Id of the response that produced this object; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        internal static PartnerOrganization From(Client.Models.PartnerOrganization model, string? requestId) => new PartnerOrganization
        {
            Name = model.Name,
            OrganizationId = model.Id,
            SsoUrl = model.SsoUrl,
            SsoTenantId = model.SsoConfig?.TenantId,
            CreatedAt = IamInvitation.ParseTime(model.Metadata?.CreatedAt),
            ResourceName = model.Metadata?.ResourceName,
            RequestId = requestId,
        };

        public override string ToString() => Name ?? OrganizationId ?? base.ToString()!;
    }
}
