using System.Collections.Generic;
using System.Text.Json.Serialization;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Validation;
using static ConfluentPartner.Client.Validation.ContractValidator;

namespace ConfluentPartner.Client.Models
{
    /// <summary>iam.v2.Invitation as the API returns it.</summary>
    public sealed class Invitation
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("metadata")] public ObjectMeta? Metadata { get; set; }
        [JsonPropertyName("email")] public string? Email { get; set; }
        [JsonPropertyName("auth_type")] public string? AuthType { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        // The contract says date-time but its own examples use "2022-07-06 17:21:33+00:00":
        // kept as text here and parsed leniently where it is shown.
        [JsonPropertyName("accepted_at")] public string? AcceptedAt { get; set; }
        [JsonPropertyName("expires_at")] public string? ExpiresAt { get; set; }
        [JsonPropertyName("user")] public ObjectReference? User { get; set; }
        [JsonPropertyName("creator")] public ObjectReference? Creator { get; set; }
    }

    /// <summary>The writable part of an Invitation: what POST /iam/v2/invitations takes.</summary>
    public sealed class CreateInvitationRequest : IContractRequest
    {
        [JsonPropertyName("email")] public string? Email { get; set; }
        [JsonPropertyName("auth_type")] public string? AuthType { get; set; }

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            RequireEmail(errors, Email, "/email");
            if (AuthType != null) RequireOneOf(errors, AuthType, AuthTypes.All, "/auth_type");
            return errors;
        }
    }

    public sealed class InvitationList
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<Invitation>? Data { get; set; }
    }

    /// <summary>Filters of GET /iam/v2/invitations: a known status and a page size the API accepts.</summary>
    public sealed class InvitationFilter : IContractRequest
    {
        /// <summary>The contract's maximum page_size.</summary>
        public const int MaximumPageSize = 100;

        public string? Email { get; set; }
        public string? Status { get; set; }
        public string? User { get; set; }
        public string? Creator { get; set; }
        public int? PageSize { get; set; }

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (Status != null && !Contains(InvitationStatuses.All, Status))
                errors.Add(new CcApiError("invalid_value", $"{Quote(Status)} is not an invitation status; use one of: {string.Join(", ", InvitationStatuses.All)}.",
                    title: "Invalid value", queryParameter: "status"));
            if (PageSize is int size && (size < 1 || size > MaximumPageSize))
                errors.Add(new CcApiError("invalid_value", $"The page size {size} is outside 1-{MaximumPageSize}.", title: "Invalid value", queryParameter: "page_size"));
            return errors;
        }
    }

    public static class AuthTypes
    {
        public const string Local = "AUTH_TYPE_LOCAL";
        public const string Sso = "AUTH_TYPE_SSO";
        public static readonly IReadOnlyList<string> All = new[] { Local, Sso };
    }

    public static class InvitationStatuses
    {
        public static readonly IReadOnlyList<string> All = new[]
        {
            "INVITE_STATUS_SENT", "INVITE_STATUS_STAGED", "INVITE_STATUS_ACCEPTED",
            "INVITE_STATUS_EXPIRED", "INVITE_STATUS_DEACTIVATED",
        };
    }
}
