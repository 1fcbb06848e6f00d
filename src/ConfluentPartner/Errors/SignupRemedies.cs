using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Resources;

namespace ConfluentPartner.Errors
{
    /// <summary>What to do after a signup, link, dry run or activation failed in a way the API cannot advise on: worded for the cmdlets.</summary>
    internal static class SignupRemedies
    {
        public static Remedy Signup(PartnerSignupRequest request, bool dryRun) => failure => failure switch
        {
            CcOutcomeUnknownException _ when dryRun => "A dry run creates nothing: run the test again.",
            CcOutcomeUnknownException _ =>
                $"Before re-running this row, check whether the organization '{request.Organization?.Name}' and {Signups.Describe(request.Entitlement)} exist: " +
                $"{Lookup(request.Entitlement)}. Or re-run the same rows with -SkipExisting: it reports a customer whose entitlement and organization exist instead of signing it up again.",
            _ when failure.StatusCode == 409 =>
                $"{Capitalize(Signups.Describe(request.Entitlement))} is already signed up{(failure.Location != null ? " (" + failure.Location + ")" : "")}: " +
                "this customer was probably signed up before. Nothing was created. Re-run with -SkipExisting to report it as existing, use a new external id for a new customer, " +
                "or Complete-CcPartnerSignup if only the user is missing.",
            _ => null,
        };

        public static Remedy Link(PartnerLinkRequest request, bool dryRun) => failure => failure switch
        {
            CcOutcomeUnknownException _ when dryRun => "A dry run creates nothing: run the test again.",
            CcOutcomeUnknownException _ =>
                $"Before re-running this row, check whether {Signups.Describe(request.Entitlement)} exists and is linked to an organization: " +
                $"{Lookup(request.Entitlement)}. Or re-run the same rows with -SkipExisting: it reports a link that went through instead of sending it again.",
            _ when failure.StatusCode == 409 =>
                $"Already linked{(failure.Location != null ? " (" + failure.Location + ")" : "")}: the linking token or {Signups.Describe(request.Entitlement)} was used before. " +
                "Nothing was changed. Re-run with -SkipExisting to report it as existing.",
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

        /// <summary>The command that shows the entitlement and the organization it produced.</summary>
        private static string Lookup(SignupEntitlement? entitlement) =>
            entitlement?.ExternalId != null
                ? $"Get-CcPartnerEntitlement | Where-Object ExternalId -eq '{entitlement.ExternalId}' | Get-CcPartnerOrganization"
                : $"Get-CcPartnerEntitlement -Id '{entitlement?.Id ?? Entitlements.IdFromUrl(entitlement?.Related, "entitlements") ?? entitlement?.Related}' | Get-CcPartnerOrganization";

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
