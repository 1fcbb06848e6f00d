using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Errors;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Checks signups and links without creating anything: the contract locally, then the API's dry run
    /// (POST /partner/v2/signup?dry_run=true, or /signup/link?dry_run=true for a row with a linking token). Like Test-Path, $true or $false per input, with the reasons as
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
            if (IsLink) TestLink();
            else TestSignup();
        }

        private void TestSignup()
        {
            var request = BuildSignup();
            var signup = request.Request;
            Test(request.Violations, Describe(signup.Organization, signup.Entitlement), SignupRemedies.Signup(signup, dryRun: true),
                async (client, token) => (await client.Signups.DryRunAsync(request, token).ConfigureAwait(false)).RequestId);
        }

        /// <summary>A row with a linking token: the link's contract, then the API's dry run of the link.</summary>
        private void TestLink()
        {
            var (request, violations) = BuildLink();
            var link = request.Request;
            Test(violations, Describe(link.Organization, link.Entitlement), SignupRemedies.Link(link, dryRun: true),
                async (client, token) => (await client.Signups.LinkDryRunAsync(request, token).ConfigureAwait(false)).RequestId);
        }

        private void Test(IReadOnlyList<CcApiError> violations, PartnerSignupTestResult shape, Remedy remedy,
            System.Func<ConfluentPartner.Client.CcApiClient, System.Threading.CancellationToken, System.Threading.Tasks.Task<string?>> dryRun)
        {
            var target = Target;
            var row = target as PSObject;
            if (violations.Count > 0)
            {
                Bulk.Add(Verdict(shape, CcApiException.Validation(violations), null, target, row, remedy));
                return;
            }
            if (Offline.IsPresent)
            {
                Bulk.Add(Valid(shape, null, row));
                return;
            }

            Bulk.Send(target, async (client, token) =>
            {
                try
                {
                    return Valid(shape, await dryRun(client, token).ConfigureAwait(false), row);
                }
                catch (CcApiException ex) when (IsVerdict(ex))
                {
                    return Verdict(shape, ex, ex.RequestId, target, row, remedy);
                }
            }, remedy);
        }

        private static PartnerSignupTestResult Describe(SignupOrganization? organization, SignupEntitlement? entitlement) => new PartnerSignupTestResult
        {
            OrganizationName = organization?.Name,
            EntitlementExternalId = entitlement?.ExternalId,
            EntitlementId = entitlement?.Id,
        };

        /// <summary>
        /// Answers that are about the signup itself (invalid: 400/422; already signed up: 409). Anything else
        /// (authentication, rate limit, server or network failure) says nothing about the row: an error, not $false.
        /// </summary>
        private static bool IsVerdict(CcApiException ex) =>
            !(ex is CcOutcomeUnknownException) && (ex.StatusCode == 400 || ex.StatusCode == 409 || ex.StatusCode == 422);

        private RowOutcome Valid(PartnerSignupTestResult shape, string? requestId, PSObject? row) =>
            RowOutcome.Success(Detailed.IsPresent ? Result(shape, true, new PartnerSignupTestError[0], requestId, row) : (object)true);

        private RowOutcome Verdict(PartnerSignupTestResult shape, CcApiException ex, string? requestId, object target, PSObject? row, Remedy remedy)
        {
            if (!Detailed.IsPresent) return RowOutcome.Answer(false, ErrorRecordMapper.Map(ex, target, Bulk.Fields, remedy));
            return RowOutcome.Success(Result(shape, false, PartnerSignupTestError.From(ex, ErrorRecordMapper.Named(ex, Bulk.Fields)), requestId, row));
        }

        private PartnerSignupTestResult Result(PartnerSignupTestResult shape, bool valid, IReadOnlyList<PartnerSignupTestError> errors, string? requestId, PSObject? row) =>
            new PartnerSignupTestResult
            {
                IsValid = valid,
                Errors = errors,
                OrganizationName = shape.OrganizationName,
                EntitlementExternalId = shape.EntitlementExternalId,
                EntitlementId = shape.EntitlementId,
                Link = IsLink,
                Offline = Offline.IsPresent,
                RequestId = requestId,
                InputObject = row,
            };
    }
}
