using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Errors;

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
            var request = BuildRequest();
            Bulk.Submit(Target, request, r =>
            {
                var entitlement = r.Entitlement!;
                var what = entitlement.ExternalId != null
                    ? $"entitlement '{entitlement.ExternalId}' ({entitlement.PlanId}, {entitlement.ProductId})"
                    : $"existing entitlement '{entitlement.Id ?? entitlement.Related}'";
                var user = r.User != null ? $", first user {r.User.Email}" : ", no user yet";
                return ($"Organization '{r.Organization!.Name}'", $"Sign up with {what}{user}");
            }, async (client, r, token) =>
            {
                var result = PartnerSignupResult.From(await client.Signups.CreateAsync(request, token).ConfigureAwait(false));
                result.OrganizationName = r.Organization?.Name;
                result.EntitlementExternalId = r.Entitlement?.ExternalId;
                result.EntitlementId = r.Entitlement?.Id;
                result.UserEmail = r.User?.Email;
                result.ActivationPending = r.User == null;
                var warning = result.ActivationPending
                    ? $"Organization '{result.OrganizationName}' ({result.OrganizationId}) was signed up without a user. Complete the signup with: " +
                      $"Complete-CcPartnerSignup -OrganizationId {result.OrganizationId} -UserEmail <email> -UserGivenName <given name> -UserFamilyName <family name>"
                    : null;
                return RowOutcome.Success(result, warning);
            }, SignupRemedies.Signup(request.Request, dryRun: false));
        }
    }
}
