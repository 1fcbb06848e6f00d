using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;

namespace ConfluentPartner.Input
{
    /// <summary>The one check of an invitation id given to Get-/Remove-CcIamInvitation (a blank CSV cell).</summary>
    internal static class InvitationIds
    {
        public static CcApiException Missing() => CcApiException.Validation(new[]
        {
            new CcParameterError(new CcApiError("required_field_missing", "An invitation id (i-...) is required; this row's id is empty.",
                title: "Required field missing"), "Id"),
        });
    }
}
