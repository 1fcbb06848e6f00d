using System;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner
{
    /// <summary>
    /// A partner/v2 entitlement as cmdlets emit it (type name <c>ConfluentPartner.PartnerEntitlement</c>). Pipes into
    /// New-CcPartnerSignup and Connect-CcPartnerOrganization (as the entitlement reference) and into Get-CcPartnerOrganization
    /// (by OrganizationId).
    /// </summary>
    public sealed class PartnerEntitlement
    {
        public string? EntitlementId { get; set; }
        public string? ExternalId { get; set; }
        public string? Name { get; set; }
        public string? PlanId { get; set; }
        public string? ProductId { get; set; }
        public string? UsageReportingId { get; set; }
        public string? ResourceId { get; set; }
        /// <summary>The organization the entitlement was signed up or linked to; empty until then.</summary>
        public string? OrganizationId { get; set; }
        /// <summary>The entitlement's API URL (metadata.self): a reference's related.</summary>
        public string? EntitlementUri { get; set; }
        /// <summary>The entitlement's CRN (metadata.resource_name): a reference's resource_name.</summary>
        public string? EntitlementResourceName { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        /// <summary>True when New-CcPartnerEntitlement -SkipExisting found it made by an earlier run: nothing was created.</summary>
        public bool AlreadyExisted { get; set; }
        /// <summary>X-Request-Id of the response that produced this object; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        internal static PartnerEntitlement From(Entitlement model, string? requestId, bool alreadyExisted = false) => new PartnerEntitlement
        {
            EntitlementId = model.Id,
            ExternalId = model.ExternalId,
            Name = model.Name,
            PlanId = model.PlanId,
            ProductId = model.ProductId,
            UsageReportingId = model.UsageReportingId,
            ResourceId = model.ResourceId,
            OrganizationId = model.Organization?.Id,
            EntitlementUri = model.Metadata?.Self,
            EntitlementResourceName = model.Metadata?.ResourceName,
            CreatedAt = IamInvitation.ParseTime(model.Metadata?.CreatedAt),
            AlreadyExisted = alreadyExisted,
            RequestId = requestId,
        };

        public override string ToString() => ExternalId ?? EntitlementId ?? base.ToString()!;
    }
}
