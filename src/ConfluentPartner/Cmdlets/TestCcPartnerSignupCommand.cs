using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Errors;

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
            var signup = request.Request;
            if (!request.IsValid)
            {
                Bulk.Add(Verdict(signup, CcApiException.Validation(request.Violations), null, target, row));
                return;
            }
            if (Offline.IsPresent)
            {
                Bulk.Add(Valid(signup, null, row));
                return;
            }

            Bulk.Send(target, async (client, token) =>
            {
                try
                {
                    var response = await client.Signups.DryRunAsync(request, token).ConfigureAwait(false);
                    return Valid(signup, response.RequestId, row);
                }
                catch (CcApiException ex) when (IsVerdict(ex))
                {
                    return Verdict(signup, ex, ex.RequestId, target, row);
                }
            }, SignupRemedies.Signup(signup, dryRun: true));
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
            if (!Detailed.IsPresent) return RowOutcome.Answer(false, ErrorRecordMapper.Map(ex, target, Bulk.Fields, SignupRemedies.Signup(request, dryRun: true)));
            return RowOutcome.Success(Result(request, false, PartnerSignupTestError.From(ex, ErrorRecordMapper.Named(ex, Bulk.Fields)), requestId, row));
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
