using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Infrastructure;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Signs up a customer (POST /partner/v2/signup): creates the organization, its marketplace entitlement (or links one
    /// created earlier) and, when the user fields are given, its first user.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CcPartnerSignup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = DetailsSet)]
    [OutputType(typeof(PartnerSignupResult))]
    public sealed class NewCcPartnerSignupCommand : PartnerSignupCmdlet
    {
        protected override string ProgressActivity => "Signing up customers to Confluent Cloud";

        protected override void ProcessRecord()
        {
            var target = Target;
            var request = BuildRequest();
            var errors = ContractValidator.Validate(request);
            if (errors.Count > 0)
            {
                EnqueueOutcome(FailureOutcome(CcApiException.Validation(errors), target, PointerMap));
                return;
            }

            var entitlement = request.Entitlement!;
            var what = entitlement.ExternalId != null
                ? $"entitlement '{entitlement.ExternalId}' ({entitlement.PlanId}, {entitlement.ProductId})"
                : $"existing entitlement '{entitlement.Id ?? entitlement.Related}'";
            var user = request.User != null ? $", first user {request.User.Email}" : ", no user yet";
            if (!ShouldProcess($"Organization '{request.Organization!.Name}'", $"Sign up with {what}{user}")) return;

            Enqueue(async (client, token) =>
            {
                var response = await client.SignupAsync(request, dryRun: false, token).ConfigureAwait(false);
                var result = Result(request, response.Value, response.RequestId);
                var warning = result.ActivationPending
                    ? $"Organization '{result.OrganizationName}' ({result.OrganizationId}) was signed up without a user. Complete the signup with: " +
                      $"Complete-CcPartnerSignup -OrganizationId {result.OrganizationId} -UserEmail <email> -UserGivenName <given name> -UserFamilyName <family name>"
                    : null;
                return RowOutcome.Success(result, warning);
            }, target, PointerMap);
        }

        private static PartnerSignupResult Result(PartnerSignupRequest request, PartnerSignupResponse response, string? requestId) => new PartnerSignupResult
        {
            OrganizationId = response.OrganizationId,
            SsoUrl = response.SsoUrl,
            DisplayMessage = response.DisplayMessage,
            OrganizationName = request.Organization?.Name,
            EntitlementExternalId = request.Entitlement?.ExternalId,
            EntitlementId = request.Entitlement?.Id,
            UserEmail = request.User?.Email,
            ActivationPending = request.User == null,
            RequestId = requestId,
        };
    }
}
