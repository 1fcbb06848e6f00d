using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Infrastructure;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Completes a signup made without a user (POST /partner/v2/signup/activate) by creating the organization's first
    /// user. Takes New-CcPartnerSignup's output from the pipeline (OrganizationId by property name).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Complete, "CcPartnerSignup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PartnerSignupResult))]
    public sealed class CompleteCcPartnerSignupCommand : CcPartnerCmdlet
    {
        internal static readonly IReadOnlyDictionary<string, string> PointerMap = new Dictionary<string, string>
        {
            ["/organization_id"] = nameof(OrganizationId),
            ["/user/email"] = nameof(UserEmail),
            ["/user/given_name"] = nameof(UserGivenName),
            ["/user/family_name"] = nameof(UserFamilyName),
        };

        /// <summary>The organization signed up without a user (PartnerSignupResult.OrganizationId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("organization_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? OrganizationId { get; set; }

        /// <summary>The first user's email.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("email", "user_email")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserEmail { get; set; }

        /// <summary>The first user's given name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("given_name", "user_given_name", "GivenName", "FirstName")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserGivenName { get; set; }

        /// <summary>The first user's family name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("family_name", "user_family_name", "FamilyName", "LastName", "Surname")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserFamilyName { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override string ProgressActivity => "Completing customer signups";

        protected override void ProcessRecord()
        {
            object target = InputObject ?? (object?)OrganizationId ?? "";
            var request = new ActivatePartnerSignupRequest
            {
                OrganizationId = InputText.Clean(OrganizationId),
                User = new SignupUser
                {
                    Email = InputText.Clean(UserEmail),
                    GivenName = InputText.Clean(UserGivenName),
                    FamilyName = InputText.Clean(UserFamilyName),
                },
            };
            var errors = ContractValidator.Validate(request);
            if (errors.Count > 0)
            {
                EnqueueOutcome(FailureOutcome(CcApiException.Validation(errors), target, PointerMap));
                return;
            }
            if (!ShouldProcess($"Organization '{request.OrganizationId}'", $"Complete the signup with first user {request.User.Email}")) return;

            // Piped from New-CcPartnerSignup: keep what identifies the customer.
            var signup = InputObject?.BaseObject as PartnerSignupResult;
            Enqueue(async (client, token) =>
            {
                var response = await client.ActivateSignupAsync(request, token).ConfigureAwait(false);
                return RowOutcome.Success(new PartnerSignupResult
                {
                    OrganizationId = response.Value.OrganizationId ?? request.OrganizationId,
                    SsoUrl = response.Value.SsoUrl,
                    DisplayMessage = response.Value.DisplayMessage,
                    OrganizationName = signup?.OrganizationName,
                    EntitlementExternalId = signup?.EntitlementExternalId,
                    EntitlementId = signup?.EntitlementId,
                    UserEmail = request.User.Email,
                    ActivationPending = false,
                    RequestId = response.RequestId,
                });
            }, target, PointerMap);
        }
    }
}
