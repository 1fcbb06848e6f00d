using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

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
        private BulkRunner? _runner;
        private BulkRunner Bulk => _runner ??= new BulkRunner(this, "Completing customer signups");

        /// <summary>The organization signed up without a user (PartnerSignupResult.OrganizationId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("organization_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/organization_id")]
        public string? OrganizationId { get; set; }

        /// <summary>The first user's email.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("email", "user_email")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/email")]
        public string? UserEmail { get; set; }

        /// <summary>The first user's given name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("given_name", "user_given_name", "GivenName", "FirstName")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/given_name")]
        public string? UserGivenName { get; set; }

        /// <summary>The first user's family name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("family_name", "user_family_name", "FamilyName", "LastName", "Surname")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/family_name")]
        public string? UserFamilyName { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void ProcessRecord()
        {
            var request = ContractValidator.Check(new ActivatePartnerSignupRequest
            {
                OrganizationId = InputText.Clean(OrganizationId),
                User = new SignupUser
                {
                    Email = InputText.Clean(UserEmail),
                    GivenName = InputText.Clean(UserGivenName),
                    FamilyName = InputText.Clean(UserFamilyName),
                },
            });
            // Piped from New-CcPartnerSignup: keep what identifies the customer.
            var signup = InputObject?.BaseObject as PartnerSignupResult;
            Bulk.Submit(InputObject ?? (object?)OrganizationId ?? "", request,
                r => ($"Organization '{r.OrganizationId}'", $"Complete the signup with first user {r.User!.Email}"),
                async (client, r, token) =>
                {
                    var result = PartnerSignupResult.From(await client.Signups.ActivateAsync(request, token).ConfigureAwait(false));
                    result.OrganizationId ??= r.OrganizationId;
                    result.OrganizationName = signup?.OrganizationName;
                    result.EntitlementExternalId = signup?.EntitlementExternalId;
                    result.EntitlementId = signup?.EntitlementId;
                    result.UserEmail = r.User!.Email;
                    return RowOutcome.Success(result);
                }, SignupRemedies.Activation(request.Request));
        }

        protected override void EndProcessing() => Bulk.Finish();
    }
}
