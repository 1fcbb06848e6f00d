using System.Collections.Generic;
using System.Linq;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;

namespace ConfluentPartner
{
    /// <summary>One reason a signup would fail (type name <c>ConfluentPartner.PartnerSignupTestError</c>).</summary>
    public sealed class PartnerSignupTestError
    {
        /// <summary>The API's error code, e.g. required_field_missing, invalid_value, resource_already_exists.</summary>
        public string? Code { get; set; }
        public string? Detail { get; set; }
        /// <summary>JSON pointer into the request, e.g. /organization/name.</summary>
        public string? Pointer { get; set; }
        /// <summary>The cmdlet parameter the pointer maps to, e.g. OrganizationName.</summary>
        public string? Parameter { get; set; }
        /// <summary>The URL of the conflicting resource of a 409.</summary>
        public string? Location { get; set; }

        /// <summary>One per error of <paramref name="ex"/>, named as <see cref="ErrorRecordMapper.Named"/> names them.</summary>
        internal static PartnerSignupTestError[] From(CcApiException ex, IReadOnlyList<CcApiError> named) => named.Select(e => new PartnerSignupTestError
        {
            Code = e.Code,
            Detail = e.Detail ?? e.Title,
            Pointer = e.Pointer,
            Parameter = (e as CcParameterError)?.ParameterName,
            Location = ex.Location,
        }).ToArray();

        public override string ToString() => Parameter != null ? $"-{Parameter}: {Detail}" : Pointer != null ? $"{Pointer}: {Detail}" : Detail ?? Code ?? "";
    }
}
