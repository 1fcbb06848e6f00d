using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Resources;

namespace ConfluentPartner.Errors
{
    /// <summary>What to do after a signup, a dry run or an activation failed in a way the API cannot advise on: worded for the cmdlets.</summary>
    internal static class SignupRemedies
    {
        public static Remedy Signup(PartnerSignupRequest request, bool dryRun) => failure => failure switch
        {
            CcOutcomeUnknownException _ when dryRun => "A dry run creates nothing: run the test again.",
            CcOutcomeUnknownException _ =>
                $"Before re-running this row, check whether the organization '{request.Organization?.Name}' and {Signups.Describe(request.Entitlement)} exist " +
                "(partner portal, or GET /partner/v2/entitlements). If the signup went through, a re-run fails with 409 'already exists' instead of creating a second organization.",
            _ when failure.StatusCode == 409 =>
                $"{Capitalize(Signups.Describe(request.Entitlement))} is already signed up{(failure.Location != null ? " (" + failure.Location + ")" : "")}: " +
                "this customer was probably signed up before. Nothing was created. Use a new external id for a new customer, or Complete-CcPartnerSignup if only the user is missing.",
            _ => null,
        };

        public static Remedy Activation(ActivatePartnerSignupRequest request) => failure => failure switch
        {
            CcOutcomeUnknownException _ =>
                $"Check whether user {request.User?.Email} exists in organization '{request.OrganizationId}' before re-running; " +
                "if the activation went through, a re-run fails with 409 'already complete' and changes nothing.",
            _ when failure.StatusCode == 409 => $"The signup of organization '{request.OrganizationId}' is already complete (it has its user); nothing was changed.",
            _ => null,
        };

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
