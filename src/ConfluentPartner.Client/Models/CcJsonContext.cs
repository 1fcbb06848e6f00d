using System.Text.Json.Serialization;

namespace ConfluentPartner.Client.Models
{
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Invitation))]
    [JsonSerializable(typeof(InvitationList))]
    [JsonSerializable(typeof(CreateInvitationRequest))]
    [JsonSerializable(typeof(FailureBody))]
    [JsonSerializable(typeof(PartnerSignupRequest))]
    [JsonSerializable(typeof(PartnerSignupResponse))]
    [JsonSerializable(typeof(ActivatePartnerSignupRequest))]
    [JsonSerializable(typeof(OAuthTokenResponse))]
    // partner/v2 entitlements, organizations, signup/link
    [JsonSerializable(typeof(Entitlement))]
    [JsonSerializable(typeof(EntitlementList))]
    [JsonSerializable(typeof(CreateEntitlementRequest))]
    [JsonSerializable(typeof(PartnerOrganization))]
    [JsonSerializable(typeof(PartnerOrganizationList))]
    [JsonSerializable(typeof(PartnerLinkRequest))]
    // iam/v2 users and role bindings
    [JsonSerializable(typeof(User))]
    [JsonSerializable(typeof(UserList))]
    [JsonSerializable(typeof(RoleBinding))]
    [JsonSerializable(typeof(RoleBindingList))]
    [JsonSerializable(typeof(CreateRoleBindingRequest))]
    internal sealed partial class CcJsonContext : JsonSerializerContext
    {
    }
}
