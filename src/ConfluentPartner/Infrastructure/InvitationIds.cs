using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>The one check of an invitation id given to Get-/Remove-CcIamInvitation (a blank CSV cell).</summary>
    internal static class InvitationIds
    {
        public static CcApiException Missing() => CcApiException.Validation(new[]
        {
            new CcApiError
            {
                Code = "required_field_missing", ParameterName = "Id", Title = "Required field missing",
                Detail = "An invitation id (i-...) is required; this row's id is empty.",
            },
        });
    }
}
