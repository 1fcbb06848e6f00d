using System.Collections.Generic;

namespace ConfluentPartner
{
    /// <summary>Test-CcPartnerSignup -Detailed: the verdict on one input (type name <c>ConfluentPartner.PartnerSignupTestResult</c>).</summary>
    public sealed class PartnerSignupTestResult
    {
        public bool IsValid { get; set; }
        /// <summary>Why the signup would fail; empty when it is valid.</summary>
        public IReadOnlyList<PartnerSignupTestError> Errors { get; set; } = new PartnerSignupTestError[0];
        public string? OrganizationName { get; set; }
        public string? EntitlementExternalId { get; set; }
        public string? EntitlementId { get; set; }
        /// <summary>True for a link row (it carried a linking token): the link was tested.</summary>
        public bool Link { get; set; }
        /// <summary>True when only the contract was checked locally (-Offline); false when the API's dry run answered.</summary>
        public bool Offline { get; set; }
        /// <summary>X-Request-Id of the dry run's response, when one was sent.</summary>
        public string? RequestId { get; set; }
        /// <summary>The input row as it was piped in (a copy with its linking token redacted).</summary>
        public object? InputObject { get; set; }

        public override string ToString() => $"{(IsValid ? "Valid" : "Invalid")}: {OrganizationName}";
    }
}
