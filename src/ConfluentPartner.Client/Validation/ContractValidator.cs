using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Validation
{
    /// <summary>
    /// The request constraints of the OpenAPI contracts, checked before anything is sent. Each violation is a
    /// <see cref="CcApiError"/> with the JSON pointer the server would have used.
    /// </summary>
    public static class ContractValidator
    {
        // partner.v2.Organization.name: ^[^<>#%'*^`{|}~"]{1,31}$ — with \z, because .NET's $ also matches before a final newline.
        private static readonly Regex OrganizationNamePattern = new Regex("^[^<>#%'*^`{|}~\"]{1,31}\\z", RegexOptions.CultureInvariant);
        // Deliberately plain: one @, something before it, a dotted domain after it, no spaces.
        private static readonly Regex EmailPattern = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z", RegexOptions.CultureInvariant);

        public static IReadOnlyList<CcApiError> Validate(CreateInvitationRequest request)
        {
            var errors = new List<CcApiError>();
            RequireEmail(errors, request.Email, "/email");
            if (request.AuthType != null) RequireOneOf(errors, request.AuthType, AuthTypes.All, "/auth_type");
            return errors;
        }

        /// <summary>The query of GET /iam/v2/invitations: a known status and a page size the API accepts.</summary>
        public static IReadOnlyList<CcApiError> Validate(InvitationFilter filter)
        {
            var errors = new List<CcApiError>();
            if (filter.Status != null && !Contains(InvitationStatuses.All, filter.Status))
                errors.Add(new CcApiError { Code = "invalid_value", QueryParameter = "status", Title = "Invalid value",
                    Detail = $"'{filter.Status}' is not an invitation status; use one of: {string.Join(", ", InvitationStatuses.All)}." });
            if (filter.PageSize is int size && (size < 1 || size > InvitationFilter.MaximumPageSize))
                errors.Add(new CcApiError { Code = "invalid_value", QueryParameter = "page_size", Title = "Invalid value",
                    Detail = $"The page size {size} is outside 1-{InvitationFilter.MaximumPageSize}." });
            return errors;
        }

        public static IReadOnlyList<CcApiError> Validate(PartnerSignupRequest request)
        {
            var errors = new List<CcApiError>();
            var org = request.Organization;
            if (Missing(org?.Name)) errors.Add(Required("/organization/name"));
            else if (!OrganizationNamePattern.IsMatch(org!.Name!))
                errors.Add(Invalid("/organization/name", org.Name!.Length > 31
                    ? $"The organization name '{org.Name}' is {org.Name.Length} characters long; at most 31 are allowed."
                    : $"The organization name '{org.Name}' contains a character that is not allowed (none of < > # % ' * ^ ` {{ | }} ~ \")."));
            if (Missing(org?.SsoConfig?.TenantId)) errors.Add(Required("/organization/sso_config/tenant_id"));

            var ent = request.Entitlement;
            if (ent == null)
            {
                errors.Add(Required("/entitlement", "The entitlement is required: give its details (external id, name, plan, product) or a reference to an existing entitlement."));
            }
            else
            {
                var hasDetails = !Missing(ent.ExternalId) || !Missing(ent.Name) || !Missing(ent.PlanId) || !Missing(ent.ProductId)
                    || !Missing(ent.UsageReportingId) || !Missing(ent.ResourceId) || ent.Organization != null;
                var hasReference = !Missing(ent.Id) || !Missing(ent.Related) || !Missing(ent.ResourceName) || !Missing(ent.Environment);
                if (hasDetails && hasReference)
                {
                    errors.Add(Invalid("/entitlement", "Give either the details of a new entitlement or a reference to an existing one, not both."));
                }
                else if (hasReference)
                {
                    if (Missing(ent.Id)) errors.Add(Required("/entitlement/id"));
                    if (Missing(ent.Related)) errors.Add(Required("/entitlement/related"));
                    else RequireUri(errors, ent.Related!, "/entitlement/related");
                    if (Missing(ent.ResourceName)) errors.Add(Required("/entitlement/resource_name"));
                    else RequireUri(errors, ent.ResourceName!, "/entitlement/resource_name");
                }
                else
                {
                    if (Missing(ent.ExternalId)) errors.Add(Required("/entitlement/external_id"));
                    if (Missing(ent.Name)) errors.Add(Required("/entitlement/name"));
                    if (Missing(ent.PlanId)) errors.Add(Required("/entitlement/plan_id"));
                    else RequireOneOf(errors, ent.PlanId!, PlanIds.All, "/entitlement/plan_id");
                    if (Missing(ent.ProductId)) errors.Add(Required("/entitlement/product_id"));
                    else RequireOneOf(errors, ent.ProductId!, ProductIds.All, "/entitlement/product_id");
                    if (ent.Organization != null)
                    {
                        if (Missing(ent.Organization.Related)) errors.Add(Required("/entitlement/organization/related"));
                        if (!Missing(ent.Organization.Related)) RequireUri(errors, ent.Organization.Related!, "/entitlement/organization/related");
                    }
                }
            }

            if (request.User != null) ValidateUser(errors, request.User, "/user");
            return errors;
        }

        public static IReadOnlyList<CcApiError> Validate(ActivatePartnerSignupRequest request)
        {
            var errors = new List<CcApiError>();
            if (Missing(request.OrganizationId)) errors.Add(Required("/organization_id"));
            if (request.User == null) errors.Add(Required("/user", "The user to create is required: give its email, given name and family name."));
            else ValidateUser(errors, request.User, "/user");
            return errors;
        }

        private static void ValidateUser(List<CcApiError> errors, SignupUser user, string pointer)
        {
            const string allOrNothing = " The user is all-or-nothing: give email, given name and family name together, or none of them.";
            if (Missing(user.Email)) errors.Add(Required(pointer + "/email", "The user's email is required." + allOrNothing));
            else RequireEmail(errors, user.Email, pointer + "/email");
            if (Missing(user.GivenName)) errors.Add(Required(pointer + "/given_name", "The user's given name is required." + allOrNothing));
            if (Missing(user.FamilyName)) errors.Add(Required(pointer + "/family_name", "The user's family name is required." + allOrNothing));
        }

        private static void RequireEmail(List<CcApiError> errors, string? email, string pointer)
        {
            if (Missing(email)) errors.Add(Required(pointer, "An email address is required."));
            else if (!EmailPattern.IsMatch(email!))
                errors.Add(new CcApiError { Code = "invalid_email", Pointer = pointer, Title = "Invalid email address",
                    Detail = $"'{email}' is not a valid email address." });
        }

        private static void RequireOneOf(List<CcApiError> errors, string value, IReadOnlyList<string> allowed, string pointer)
        {
            if (Contains(allowed, value)) return;
            errors.Add(Invalid(pointer, $"'{value}' is not a valid value for {FieldName(pointer)}; use one of: {string.Join(", ", allowed)}."));
        }

        private static bool Contains(IReadOnlyList<string> allowed, string value)
        {
            foreach (var a in allowed) if (string.Equals(a, value, StringComparison.Ordinal)) return true;
            return false;
        }

        private static void RequireUri(List<CcApiError> errors, string value, string pointer)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out _))
                errors.Add(Invalid(pointer, $"'{value}' is not an absolute URI, which {FieldName(pointer)} must be."));
        }

        private static bool Missing(string? value) => string.IsNullOrWhiteSpace(value);

        private static CcApiError Required(string pointer, string? detail = null) => new CcApiError
        {
            Code = "required_field_missing",
            Pointer = pointer,
            Title = "Required field missing",
            Detail = detail ?? $"{FieldName(pointer)} is required.",
        };

        private static CcApiError Invalid(string pointer, string detail) => new CcApiError
        {
            Code = "invalid_value",
            Pointer = pointer,
            Title = "Invalid value",
            Detail = detail,
        };

        private static string FieldName(string pointer) => pointer.TrimStart('/').Replace('/', '.');
    }
}
