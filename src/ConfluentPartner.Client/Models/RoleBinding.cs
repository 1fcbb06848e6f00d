using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Validation;
using static ConfluentPartner.Client.Validation.ContractValidator;

namespace ConfluentPartner.Client.Models
{
    /// <summary>iam.v2.RoleBinding as the API returns it.</summary>
    public sealed class RoleBinding
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("metadata")] public ObjectMeta? Metadata { get; set; }
        [JsonPropertyName("principal")] public string? Principal { get; set; }
        [JsonPropertyName("role_name")] public string? RoleName { get; set; }
        [JsonPropertyName("crn_pattern")] public string? CrnPattern { get; set; }
    }

    /// <summary>What POST /iam/v2/role-bindings takes: all three fields are required.</summary>
    public sealed class CreateRoleBindingRequest : IContractRequest
    {
        // iam.v2.RoleBinding.principal: (^User:.+$)|(^Group:.+$), with '$' as '\z' (no final newline).
        private static readonly Regex PrincipalPattern = new Regex("(^User:.+\\z)|(^Group:.+\\z)", RegexOptions.CultureInvariant);

        [JsonPropertyName("principal")] public string? Principal { get; set; }
        [JsonPropertyName("role_name")] public string? RoleName { get; set; }
        [JsonPropertyName("crn_pattern")] public string? CrnPattern { get; set; }

        public override string ToString() => $"{RoleName} for {Principal} on {CrnPattern}";

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (Missing(Principal)) errors.Add(Required("/principal", "The principal is required: User:u-... (a user id) or Group:...."));
            else if (!PrincipalPattern.IsMatch(Principal!))
                errors.Add(Invalid("/principal", $"'{Principal}' is not a principal; use User:<user id> (User:u-...) or Group:<group id>."));
            if (Missing(RoleName)) errors.Add(Required("/role_name", "The role name is required, e.g. OrganizationAdmin, EnvironmentAdmin, CloudClusterAdmin, MetricsViewer."));
            ValidateCrnPattern(errors, CrnPattern, required: true);
            return errors;
        }
    }

    public sealed class RoleBindingList
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<RoleBinding>? Data { get; set; }
    }

    /// <summary>Filters of GET /iam/v2/role-bindings: <c>crn_pattern</c> is required and is a partial search (the scope and everything below it).</summary>
    public sealed class RoleBindingFilter : IContractRequest
    {
        public const int MaximumPageSize = 100;
        public string? CrnPattern { get; set; }
        public string? Principal { get; set; }
        public string? RoleName { get; set; }
        public int? PageSize { get; set; }

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (Missing(CrnPattern))
                errors.Add(new CcApiError("required_field_missing", "A scope is required to list role bindings: a CRN pattern (crn://confluent.cloud/organization=...).",
                    title: "Required field missing", queryParameter: "crn_pattern"));
            else if (!CrnPatternPattern.IsMatch(CrnPattern!))
                errors.Add(new CcApiError("invalid_value", $"'{CrnPattern}' is not a CRN pattern (crn://...).", title: "Invalid value", queryParameter: "crn_pattern"));
            if (PageSize is int size && (size < 1 || size > MaximumPageSize))
                errors.Add(new CcApiError("invalid_value", $"The page size {size} is outside 1-{MaximumPageSize}.", title: "Invalid value", queryParameter: "page_size"));
            return errors;
        }
    }

    /// <summary>
    /// Roles to grant an invited user and the scope to grant them on: the organization (the default), an environment, a
    /// cluster in an environment, or a raw CRN pattern. Its rules: role names not blank; a scope needs a role; a cluster
    /// needs its environment; a raw CRN pattern stands alone. Pointers <c>/role_name</c>, <c>/scope/environment</c>,
    /// <c>/scope/cluster</c> (client-side only) and <c>/crn_pattern</c>.
    /// </summary>
    public sealed class RoleGrant : IContractRequest
    {
        // One value of a CRN segment the module builds (environment, cluster): no separators, no spaces.
        private static readonly Regex CrnSegmentValue = new Regex("^[^/=\\s]+\\z", RegexOptions.CultureInvariant);

        public IReadOnlyList<string> RoleNames { get; set; } = Array.Empty<string>();
        public string? Environment { get; set; }
        public string? Cluster { get; set; }
        public string? CrnPattern { get; set; }

        public bool IsEmpty => RoleNames.Count == 0 && Environment == null && Cluster == null && CrnPattern == null;

        /// <summary>The CRN pattern of the scope in organization <paramref name="organizationId"/> (a raw pattern is used as given).</summary>
        public string ScopeIn(string organizationId) => CrnPattern ?? Crn.Scope(organizationId, Environment, Cluster);

        /// <summary>The scope in words, before the organization is known (for -WhatIf).</summary>
        public string DescribeScope() => CrnPattern != null ? CrnPattern
            : Cluster != null ? $"cluster {Cluster} in environment {Environment}"
            : Environment != null ? $"environment {Environment}"
            : "the organization";

        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>();
            if (IsEmpty) return errors;
            if (RoleNames.Count == 0)
                errors.Add(Required("/role_name", "A role name is required when a scope (environment, cluster or CRN pattern) is given, e.g. EnvironmentAdmin."));
            foreach (var role in RoleNames)
                if (Missing(role)) errors.Add(Required("/role_name", "A role name is required; this one is empty."));
            errors.AddRange(ValidateScope());
            return errors;
        }

        /// <summary>The scope alone, as a role-binding listing uses it: a cluster needs its environment; a raw CRN pattern stands alone.</summary>
        public IReadOnlyList<CcApiError> ValidateScope()
        {
            var errors = new List<CcApiError>();
            if (CrnPattern != null)
            {
                if (Environment != null || Cluster != null)
                    errors.Add(Invalid("/crn_pattern", "Give either a CRN pattern or an environment (and cluster), not both."));
                ValidateCrnPattern(errors, CrnPattern, required: false);
                return errors;
            }
            if (Environment != null && !CrnSegmentValue.IsMatch(Environment))
                errors.Add(Invalid("/scope/environment", $"'{Environment}' is not an environment id (env-...): it must not contain '/', '=' or spaces."));
            if (Cluster != null)
            {
                if (Environment == null)
                    errors.Add(Required("/scope/environment", $"The cluster {Cluster} needs its environment (env-...): a cluster's CRN names the environment it is in."));
                if (!CrnSegmentValue.IsMatch(Cluster))
                    errors.Add(Invalid("/scope/cluster", $"'{Cluster}' is not a cluster id (lkc-...): it must not contain '/', '=' or spaces."));
            }
            return errors;
        }
    }

    /// <summary>An invitation together with the roles its user gets (New-CcIamInvitation -RoleName).</summary>
    public sealed class InvitationWithRoles : IContractRequest
    {
        public CreateInvitationRequest Invitation { get; set; } = new CreateInvitationRequest();
        public RoleGrant Roles { get; set; } = new RoleGrant();

        /// <summary>The invitation's rules, then the grant's.</summary>
        public IReadOnlyList<CcApiError> Validate()
        {
            var errors = new List<CcApiError>(Invitation.Validate());
            errors.AddRange(Roles.Validate());
            return errors;
        }

        /// <summary>The invitation of a checked request, for the invitations endpoint: its rules were part of the whole's check, so it is not checked again.</summary>
        public static Checked<CreateInvitationRequest> InvitationOf(Checked<InvitationWithRoles> request) =>
            new Checked<CreateInvitationRequest>(request.Request.Invitation, request.Violations);
    }

    /// <summary>Confluent resource names (CRNs) as role bindings use them.</summary>
    public static class Crn
    {
        public const string Prefix = "crn://confluent.cloud/";

        /// <summary><c>crn://confluent.cloud/organization=&lt;id&gt;[/environment=&lt;env&gt;[/cloud-cluster=&lt;lkc&gt;]]</c>.</summary>
        public static string Scope(string organizationId, string? environment, string? cluster)
        {
            var crn = new StringBuilder(Prefix).Append("organization=").Append(organizationId);
            if (environment != null) crn.Append("/environment=").Append(environment);
            if (cluster != null) crn.Append("/cloud-cluster=").Append(cluster);
            return crn.ToString();
        }

        /// <summary>The organization id in a CRN such as an invitation's <c>metadata.resource_name</c>; null when it names none.</summary>
        public static string? OrganizationId(string? crn)
        {
            if (crn == null || !crn.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            foreach (var segment in crn.Substring(Prefix.Length).Split('/'))
                if (segment.StartsWith("organization=", StringComparison.Ordinal) && segment.Length > "organization=".Length)
                    return segment.Substring("organization=".Length);
            return null;
        }

        /// <summary>A principal for a user id: <c>User:u-...</c>; a value that already has a <c>User:</c> or <c>Group:</c> prefix is kept.</summary>
        public static string UserPrincipal(string userId) =>
            userId.StartsWith("User:", StringComparison.Ordinal) || userId.StartsWith("Group:", StringComparison.Ordinal) ? userId : "User:" + userId;
    }

    /// <summary>Confluent Cloud's documented predefined roles (the API takes any name; these are for completion).</summary>
    public static class RoleNames
    {
        public static readonly IReadOnlyList<string> Documented = new[]
        {
            "OrganizationAdmin", "EnvironmentAdmin", "CloudClusterAdmin", "AccountAdmin", "BillingAdmin", "Operator",
            "MetricsViewer", "DataDiscovery", "DataSteward", "FlinkAdmin", "FlinkDeveloper", "NetworkAdmin",
            "ResourceOwner", "DeveloperRead", "DeveloperWrite", "DeveloperManage", "ResourceKeyAdmin",
        };
    }
}
