using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;

namespace ConfluentPartner.Input
{
    /// <summary>The checks of a user id or email given to Get-/Remove-CcIamUser and New-CcIamRoleBinding.</summary>
    internal static class UserKeys
    {
        public static CcApiException Missing(string parameter) => CcApiException.Validation(new[]
        {
            new CcParameterError(new CcApiError("required_field_missing",
                parameter == "Email" ? "An email address is required; this row's email is empty." : "A user id (u-...) is required; this row's id is empty.",
                title: "Required field missing"), parameter),
        });

        /// <summary>No user (and, for Remove-CcIamUser, no pending invitation) has this email: a 404 naming -Email.</summary>
        public static CcApiException NotFound(string email, string what = "No user") => new CcApiException(404, null, new[]
        {
            (CcApiError)new CcParameterError(new CcApiError("resource_not_found", $"{what} has the email {email}.", title: "Not found"), "Email"),
        }, $"{what} has the email {email}.");
    }
}
