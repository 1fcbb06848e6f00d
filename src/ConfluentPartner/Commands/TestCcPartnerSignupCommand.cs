using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Infrastructure;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Checks signups without creating anything: the contract locally, then the API's dry run
    /// (POST /partner/v2/signup?dry_run=true). Like Test-Path, $true or $false per input, with the reasons as
    /// ErrorRecords; -Detailed returns a PartnerSignupTestResult per input instead.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CcPartnerSignup", DefaultParameterSetName = DetailsSet)]
    [OutputType(typeof(bool), typeof(PartnerSignupTestResult))]
    public sealed class TestCcPartnerSignupCommand : PartnerSignupCmdlet
    {
        /// <summary>Return a PartnerSignupTestResult (IsValid, Errors, RequestId, the row) instead of $true/$false.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>Check the contract locally only: no request, no credential needed.</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        protected override string ProgressActivity => "Testing customer signups";

        protected override void ProcessRecord()
        {
            var target = Target;
            var row = InputObject;
            var request = BuildRequest();
            var errors = ContractValidator.Validate(request);
            if (errors.Count > 0)
            {
                EnqueueOutcome(Verdict(request, CcApiException.Validation(errors), null, target, row));
                return;
            }
            if (Offline.IsPresent)
            {
                EnqueueOutcome(Valid(request, null, row));
                return;
            }

            Enqueue(async (client, token) =>
            {
                try
                {
                    var response = await client.SignupAsync(request, dryRun: true, token).ConfigureAwait(false);
                    return Valid(request, response.RequestId, row);
                }
                catch (CcApiException ex) when (IsVerdict(ex))
                {
                    return Verdict(request, ex, ex.RequestId, target, row);
                }
            }, target, PointerMap);
        }

        /// <summary>
        /// Answers that are about the signup itself (invalid: 400/422; already signed up: 409). Anything else
        /// (authentication, rate limit, server or network failure) says nothing about the row: an error, not $false.
        /// </summary>
        private static bool IsVerdict(CcApiException ex) =>
            !(ex is CcOutcomeUnknownException) && (ex.StatusCode == 400 || ex.StatusCode == 409 || ex.StatusCode == 422);

        private RowOutcome Valid(PartnerSignupRequest request, string? requestId, PSObject? row) =>
            RowOutcome.Success(Detailed.IsPresent ? Result(request, true, new PartnerSignupTestError[0], requestId, row) : (object)true);

        private RowOutcome Verdict(PartnerSignupRequest request, CcApiException ex, string? requestId, object target, PSObject? row)
        {
            if (!Detailed.IsPresent) return RowOutcome.Answer(false, ErrorRecordFactory.PerError(ex, target, PointerMap));
            ErrorRecordFactory.NameParameters(ex, PointerMap);
            return RowOutcome.Success(Result(request, false, PartnerSignupTestError.From(ex), requestId, row));
        }

        private PartnerSignupTestResult Result(PartnerSignupRequest request, bool valid, IReadOnlyList<PartnerSignupTestError> errors, string? requestId, PSObject? row) =>
            new PartnerSignupTestResult
            {
                IsValid = valid,
                Errors = errors,
                OrganizationName = request.Organization?.Name,
                EntitlementExternalId = request.Entitlement?.ExternalId,
                EntitlementId = request.Entitlement?.Id,
                Offline = Offline.IsPresent,
                RequestId = requestId,
                InputObject = row,
            };
    }
}
