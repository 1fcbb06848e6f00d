using System.Collections.Generic;
using System.Linq;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner
{
    /// <summary>
    /// A signup (New-CcPartnerSignup) or its completion (Complete-CcPartnerSignup), type name
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
        /// <summary>X-Request-Id of the response; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        public override string ToString() => OrganizationId ?? OrganizationName ?? base.ToString()!;
    }

    /// <summary>One reason a signup would fail (type name <c>ConfluentPartner.PartnerSignupTestError</c>).</summary>
    public sealed class PartnerSignupTestError
    {
        /// <summary>The API's error code, e.g. required_field_missing, invalid_value, resource_already_exists.</summary>
        public string? Code { get; set; }
        public string? Detail { get; set; }
        /// <summary>JSON pointer into the request, e.g. /organization/name.</summary>
        public string? Pointer { get; set; }
        /// <summary>The cmdlet parameter the pointer maps to, e.g. OrganizationName.</summary>
        public string? Parameter { get; set; }
        /// <summary>The URL of the conflicting resource of a 409.</summary>
        public string? Location { get; set; }

        internal static PartnerSignupTestError[] From(CcApiException ex) => ex.Errors.Select(e => new PartnerSignupTestError
        {
            Code = e.Code,
            Detail = e.Detail ?? e.Title,
            Pointer = e.Pointer,
            Parameter = e.ParameterName,
            Location = ex.Location,
        }).ToArray();

        public override string ToString() => Parameter != null ? $"-{Parameter}: {Detail}" : Pointer != null ? $"{Pointer}: {Detail}" : Detail ?? Code ?? "";
    }

    /// <summary>Test-CcPartnerSignup -Detailed: the verdict on one input (type name <c>ConfluentPartner.PartnerSignupTestResult</c>).</summary>
    public sealed class PartnerSignupTestResult
    {
        public bool IsValid { get; set; }
        /// <summary>Why the signup would fail; empty when it is valid.</summary>
        public IReadOnlyList<PartnerSignupTestError> Errors { get; set; } = new PartnerSignupTestError[0];
        public string? OrganizationName { get; set; }
        public string? EntitlementExternalId { get; set; }
        public string? EntitlementId { get; set; }
        /// <summary>True when only the contract was checked locally (-Offline); false when the API's dry run answered.</summary>
        public bool Offline { get; set; }
        /// <summary>X-Request-Id of the dry run's response, when one was sent.</summary>
        public string? RequestId { get; set; }
        /// <summary>The input row as it was piped in.</summary>
        public object? InputObject { get; set; }

        public override string ToString() => $"{(IsValid ? "Valid" : "Invalid")}: {OrganizationName}";
    }
}
