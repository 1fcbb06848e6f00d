using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Serialization;

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
    public sealed class CreateRoleBindingRequest
    {
        [JsonPropertyName("principal")] public string? Principal { get; set; }
        [JsonPropertyName("role_name")] public string? RoleName { get; set; }
        [JsonPropertyName("crn_pattern")] public string? CrnPattern { get; set; }

        public override string ToString() => $"{RoleName} for {Principal} on {CrnPattern}";
    }

    public sealed class RoleBindingList
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<RoleBinding>? Data { get; set; }
    }

    /// <summary>Filters of GET /iam/v2/role-bindings: <c>crn_pattern</c> is required and is a partial search (the scope and everything below it).</summary>
    public sealed class RoleBindingFilter
    {
        public const int MaximumPageSize = 100;
        public string? CrnPattern { get; set; }
        public string? Principal { get; set; }
        public string? RoleName { get; set; }
        public int? PageSize { get; set; }
    }

    /// <summary>
    /// Roles to grant an invited user and the scope to grant them on: the organization (the default), an environment, a
    /// cluster in an environment, or a raw CRN pattern. Checked by the contract validator with pointers
    /// <c>/role_name</c>, <c>/scope/environment</c>, <c>/scope/cluster</c> (client-side only) and <c>/crn_pattern</c>.
    /// </summary>
    public sealed class RoleGrant
    {
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
    }

    /// <summary>An invitation together with the roles its user gets (New-CcIamInvitation -RoleName).</summary>
    public sealed class InvitationWithRoles
    {
        public CreateInvitationRequest Invitation { get; set; } = new CreateInvitationRequest();
        public RoleGrant Roles { get; set; } = new RoleGrant();
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
