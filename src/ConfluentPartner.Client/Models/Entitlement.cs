using System.Collections.Generic;
using System.Text.Json.Serialization;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Validation;
using static ConfluentPartner.Client.Validation.ContractValidator;

namespace ConfluentPartner.Client.Models
{
    /// <summary>partner.v2.Entitlement as the API returns it.</summary>
    public sealed class Entitlement
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("metadata")] public ObjectMeta? Metadata { get; set; }
        [JsonPropertyName("external_id")] public string? ExternalId { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("plan_id")] public string? PlanId { get; set; }
        [JsonPropertyName("product_id")] public string? ProductId { get; set; }
        [JsonPropertyName("usage_reporting_id")] public string? UsageReportingId { get; set; }
        [JsonPropertyName("resource_id")] public string? ResourceId { get; set; }
        /// <summary>The organization the entitlement is linked to; null until a signup or link used it.</summary>
        [JsonPropertyName("organization")] public ObjectReference? Organization { get; set; }
    }

    public sealed class EntitlementList
    {
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<Entitlement>? Data { get; set; }
    }

    /// <summary>POST /partner/v2/entitlements: the writable part of partner.v2.Entitlement, at the top level (external_id, name, plan_id and product_id required).</summary>
    public sealed class CreateEntitlementRequest : IContractRequest
    {
        [JsonPropertyName("external_id")] public string? ExternalId { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("plan_id")] public string? PlanId { get; set; }
        [JsonPropertyName("product_id")] public string? ProductId { get; set; }
        [JsonPropertyName("usage_reporting_id")] public string? UsageReportingId { get; set; }
        [JsonPropertyName("resource_id")] public string? ResourceId { get; set; }
        [JsonPropertyName("organization")] public ObjectReference? Organization { get; set; }

        /// <summary>The same fields as a signup's or link's entitlement details (the details form of the entitlement oneOf).</summary>
        public static CreateEntitlementRequest FromDetails(SignupEntitlement details) => new CreateEntitlementRequest
        {
            ExternalId = details.ExternalId,
            Name = details.Name,
            PlanId = details.PlanId,
            ProductId = details.ProductId,
            UsageReportingId = details.UsageReportingId,
            ResourceId = details.ResourceId,
            Organization = details.Organization,
        };

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            ValidateEntitlementDetails(errors, ExternalId, Name, PlanId, ProductId, Organization, "");
            return errors;
        }
    }

    /// <summary>partner.v2.Organization as the API returns it.</summary>
    public sealed class PartnerOrganization
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("metadata")] public ObjectMeta? Metadata { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("sso_url")] public string? SsoUrl { get; set; }
        [JsonPropertyName("sso_config")] public AzureSsoConfig? SsoConfig { get; set; }
    }

    public sealed class PartnerOrganizationList
    {
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<PartnerOrganization>? Data { get; set; }
    }
}
