using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;

namespace ConfluentPartner.Input
{
    /// <summary>The one check of a role binding id given to Get-/Remove-CcIamRoleBinding (a blank CSV cell).</summary>
    internal static class RoleBindingIds
    {
        public static CcApiException Missing() => CcApiException.Validation(new[]
        {
            new CcParameterError(new CcApiError("required_field_missing", "A role binding id (rb-...) is required; this row's id is empty.",
                title: "Required field missing"), "Id"),
        });
    }
}
