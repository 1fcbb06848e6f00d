using System.Collections.Generic;
using System.Text.Json.Serialization;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Validation;
using static ConfluentPartner.Client.Validation.ContractValidator;

namespace ConfluentPartner.Client.Models
{
    /// <summary>PartnerSignupRequest. Unset optionals are omitted, never sent as null.</summary>
    public sealed class PartnerSignupRequest : IContractRequest
    {
        [JsonPropertyName("organization")] public SignupOrganization? Organization { get; set; }
        [JsonPropertyName("entitlement")] public SignupEntitlement? Entitlement { get; set; }
        [JsonPropertyName("user")] public SignupUser? User { get; set; }

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            ValidateOrganization(errors, Organization);
            ValidateEntitlement(errors, Entitlement);
            if (User != null) ValidateUser(errors, User, "/user");
            return errors;
        }
    }

    /// <summary>
    /// PartnerLinkRequest (POST /partner/v2/signup/link): links an existing organization, named by its linking token, to an
    /// entitlement in either form. The token is a secret (x-redact): it is only ever serialized into the request body, never
    /// quoted in a message. The organization needs its sso_config (its name is optional).
    /// </summary>
    public sealed class PartnerLinkRequest : IContractRequest
    {
        [JsonPropertyName("token")] public string? Token { get; set; }
        [JsonPropertyName("organization")] public SignupOrganization? Organization { get; set; }
        [JsonPropertyName("entitlement")] public SignupEntitlement? Entitlement { get; set; }

        public override string ToString() => $"link of organization '{Organization?.Name}' (token not shown)";

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (Missing(Token)) errors.Add(Required("/token", "The linking token the customer generated for the existing organization is required."));
            ValidateOrganization(errors, Organization, nameRequired: false);
            ValidateEntitlement(errors, Entitlement);
            return errors;
        }
    }

    public sealed class SignupOrganization
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("sso_config")] public AzureSsoConfig? SsoConfig { get; set; }
    }

    public sealed class AzureSsoConfig
    {
        public const string KindValue = "AzureSSOConfig";
        [JsonPropertyName("kind")] public string Kind { get; set; } = KindValue;
        [JsonPropertyName("tenant_id")] public string? TenantId { get; set; }
    }

    /// <summary>
    /// The contract's entitlement <c>oneOf</c>: either the details of a new entitlement
    /// (external_id, name, plan_id, product_id, ...) or a reference to an existing one
    /// (id, related, resource_name). One class carries both; only one form's fields are set.
    /// </summary>
    public sealed class SignupEntitlement
    {
        [JsonPropertyName("external_id")] public string? ExternalId { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("plan_id")] public string? PlanId { get; set; }
        [JsonPropertyName("product_id")] public string? ProductId { get; set; }
        [JsonPropertyName("usage_reporting_id")] public string? UsageReportingId { get; set; }
        [JsonPropertyName("resource_id")] public string? ResourceId { get; set; }
        [JsonPropertyName("organization")] public ObjectReference? Organization { get; set; }

        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("related")] public string? Related { get; set; }
        [JsonPropertyName("resource_name")] public string? ResourceName { get; set; }
        [JsonPropertyName("environment")] public string? Environment { get; set; }
    }

    public sealed class SignupUser
    {
        [JsonPropertyName("email")] public string? Email { get; set; }
        [JsonPropertyName("given_name")] public string? GivenName { get; set; }
        [JsonPropertyName("family_name")] public string? FamilyName { get; set; }
    }

    public sealed class PartnerSignupResponse
    {
        [JsonPropertyName("organization_id")] public string? OrganizationId { get; set; }
        [JsonPropertyName("sso_url")] public string? SsoUrl { get; set; }
        [JsonPropertyName("display_message")] public string? DisplayMessage { get; set; }
    }

    public sealed class ActivatePartnerSignupRequest : IContractRequest
    {
        [JsonPropertyName("organization_id")] public string? OrganizationId { get; set; }
        [JsonPropertyName("user")] public SignupUser? User { get; set; }

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (Missing(OrganizationId)) errors.Add(Required("/organization_id"));
            if (User == null) errors.Add(Required("/user", "The user to create is required: give its email, given name and family name."));
            else ValidateUser(errors, User, "/user");
            return errors;
        }
    }

    public static class PlanIds
    {
        public static readonly IReadOnlyList<string> All = new[] { "confluent-cloud-payg-prod", "payg-prod.gcpmarketplace.confluent.cloud" };
    }

    public static class ProductIds
    {
        public static readonly IReadOnlyList<string> All = new[]
        {
            "confluent-cloud-kafka-service-azure", "confluent-cloud-for-apache-kafka", "payg-prod.gcpmarketplace.confluent.cloud",
        };
    }

    public sealed class OAuthTokenResponse
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("token_type")] public string? TokenType { get; set; }
        [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
    }
}
