using System;
using System.Text;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Validation
{
    /// <summary>
    /// The request constraints of the OpenAPI contracts, checked before anything is sent: <see cref="Check{T}"/>, and the
    /// rules the request models' <see cref="IContractRequest.Validate"/> are written with (and those the signup, link and
    /// entitlement bodies share). Each violation is a <see cref="CcApiError"/> with the JSON pointer the server would have used.
    /// </summary>
    public static class ContractValidator
    {
        private const string OrganizationNameForbidden = "<>#%'*^`{|}~\"";
        // partner.v2.Organization.name: ^[^<>#%'*^`{|}~"]{1,31}$ — with \z, because .NET's $ also matches before a final newline.
        private static readonly Regex OrganizationNamePattern = new Regex("^[^<>#%'*^`{|}~\"]{1,31}\\z", RegexOptions.CultureInvariant);

        /// <summary>Checks a request once, by its own rules: the result travels with the request.</summary>
        public static Checked<T> Check<T>(T request) where T : class, IContractRequest => new Checked<T>(request, request.Validate());

        // ---- iam/v2 role bindings (iam-rolebindings-v2.openapi.yaml) ----

        // iam.v2.RoleBinding.crn_pattern: ^crn://.+$ and format uri. '$' as '\z' (no final newline).
        internal static readonly Regex CrnPatternPattern = new Regex("^crn://.+\\z", RegexOptions.CultureInvariant);

        internal static void ValidateCrnPattern(List<CcApiError> errors, string? crn, bool required)
        {
            if (Missing(crn))
            {
                if (required) errors.Add(Required("/crn_pattern", "The CRN pattern of the scope is required, e.g. crn://confluent.cloud/organization=<id>/environment=env-..."));
                return;
            }
            if (!CrnPatternPattern.IsMatch(crn!) || !Uri.TryCreate(crn, UriKind.Absolute, out _))
                errors.Add(Invalid("/crn_pattern", $"'{crn}' is not a CRN pattern; it must be a URI starting with crn://, e.g. crn://confluent.cloud/organization=<id>/environment=env-..."));
        }

        /// <summary>The entitlement oneOf of a signup or link: the details of a new entitlement, or a reference (id, related, resource_name) to an existing one.</summary>
        internal static void ValidateEntitlement(List<CcApiError> errors, SignupEntitlement? ent)
        {
            if (ent == null)
            {
                errors.Add(Required("/entitlement", "The entitlement is required: give its details (external id, name, plan, product) or a reference to an existing entitlement."));
                return;
            }
            var hasDetails = !Missing(ent.ExternalId) || !Missing(ent.Name) || !Missing(ent.PlanId) || !Missing(ent.ProductId)
                || !Missing(ent.UsageReportingId) || !Missing(ent.ResourceId) || ent.Organization != null;
            var hasReference = !Missing(ent.Id) || !Missing(ent.Related) || !Missing(ent.ResourceName) || !Missing(ent.Environment);
            if (hasDetails && hasReference)
                errors.Add(Invalid("/entitlement", "Give either the details of a new entitlement (external id, name, plan, product) or a reference to an existing one (id, related, resource name), not both."));
            else if (hasReference)
                ValidateReference(errors, ent.Id, ent.Related, ent.ResourceName, ent.Environment, "/entitlement");
            else
                ValidateEntitlementDetails(errors, ent.ExternalId, ent.Name, ent.PlanId, ent.ProductId, ent.Organization, "/entitlement");
        }

        internal static void ValidateOrganization(List<CcApiError> errors, SignupOrganization? org, bool nameRequired = true)
        {
            var name = org?.Name;
            if (Missing(name)) { if (nameRequired) errors.Add(Required("/organization/name", "The organization name is required.")); }
            else if (!OrganizationNamePattern.IsMatch(name!) || Unprintable(name!) != null) errors.Add(Invalid("/organization/name", DescribeBadOrganizationName(name!)));

            var sso = org?.SsoConfig;
            if (sso != null && !string.Equals(sso.Kind, AzureSsoConfig.KindValue, StringComparison.Ordinal))
                errors.Add(Invalid("/organization/sso_config/kind", $"{Quote(sso.Kind)} is not a supported SSO configuration kind; the contract knows only {AzureSsoConfig.KindValue}."));
            if (Missing(sso?.TenantId)) errors.Add(Required("/organization/sso_config/tenant_id", "The Azure AD (Entra ID) tenant id of the customer's SSO is required."));
            else if (!IsGuid(sso!.TenantId!))
                errors.Add(Invalid("/organization/sso_config/tenant_id",
                    $"{Quote(sso.TenantId!)} is not an Azure AD (Entra ID) tenant id, which is a GUID such as b3a17773-05cc-4431-9560-433fb4613da8 (the Directory (tenant) ID in the Azure portal)."));
        }

        private static string DescribeBadOrganizationName(string name)
        {
            var problems = new List<string>();
            // The pattern is ECMA-262 (JSON Schema), which counts UTF-16 code units, as .NET's string length does.
            if (name.Length > 31) problems.Add($"is {name.Length} characters long (at most 31 are allowed)");
            var bad = new List<string>();
            foreach (var c in name)
                if (OrganizationNameForbidden.IndexOf(c) >= 0 && !bad.Contains(c.ToString())) bad.Add(c.ToString());
            if (bad.Count > 0) problems.Add($"contains {string.Join(" ", bad)} (none of {string.Join(" ", OrganizationNameForbidden.ToCharArray())} is allowed)");
            if (Unprintable(name) is { } unprintable) problems.Add($"contains the invisible or control character {unprintable}");
            if (problems.Count == 0) problems.Add("does not match the pattern ^[^<>#%'*^`{|}~\"]{1,31}$");
            return $"The organization name {Quote(name)} {string.Join(" and ", problems)}.";
        }

        /// <summary>An entitlement's details under <paramref name="at"/> ("/entitlement" in a signup or link, "" for a create).</summary>
        internal static void ValidateEntitlementDetails(List<CcApiError> errors, string? externalId, string? name, string? planId, string? productId,
            ObjectReference? org, string at)
        {
            if (Missing(externalId)) errors.Add(Required(at + "/external_id", "The entitlement's external id (unique per customer, e.g. the marketplace subscription id) is required."));
            if (Missing(name)) errors.Add(Required(at + "/name", "The entitlement name is required."));
            if (Missing(planId)) errors.Add(Required(at + "/plan_id", $"The plan id is required; use one of: {string.Join(", ", PlanIds.All)}."));
            else RequireOneOf(errors, planId!, PlanIds.All, at + "/plan_id");
            if (Missing(productId)) errors.Add(Required(at + "/product_id", $"The product id is required; use one of: {string.Join(", ", ProductIds.All)}."));
            else RequireOneOf(errors, productId!, ProductIds.All, at + "/product_id");
            if (org != null) ValidateReference(errors, org.Id, org.Related, org.ResourceName, org.Environment, at + "/organization");
        }

        /// <summary>ObjectReference: id (1-255), related (URI) and resource_name (CRN) required; environment 1-255 when given.</summary>
        private static void ValidateReference(List<CcApiError> errors, string? id, string? related, string? resourceName, string? environment, string pointer)
        {
            if (Missing(id)) errors.Add(Required(pointer + "/id"));
            else RequireLength(errors, id!, 1, 255, pointer + "/id");
            if (Missing(related)) errors.Add(Required(pointer + "/related", $"{FieldName(pointer + "/related")} (the API URL of the referenced resource) is required."));
            else RequireUri(errors, related!, pointer + "/related");
            if (Missing(resourceName)) errors.Add(Required(pointer + "/resource_name", $"{FieldName(pointer + "/resource_name")} (the CRN of the referenced resource, crn://...) is required."));
            else RequireUri(errors, resourceName!, pointer + "/resource_name");
            if (environment != null) RequireLength(errors, environment, 1, 255, pointer + "/environment");
        }

        internal static void ValidateUser(List<CcApiError> errors, SignupUser user, string pointer)
        {
            const string allOrNothing = " The user is all-or-nothing: give email, given name and family name together, or none of them.";
            if (Missing(user.Email)) errors.Add(Required(pointer + "/email", "The user's email is required." + allOrNothing));
            else RequireEmail(errors, user.Email, pointer + "/email");
            if (Missing(user.GivenName)) errors.Add(Required(pointer + "/given_name", "The user's given name is required." + allOrNothing));
            if (Missing(user.FamilyName)) errors.Add(Required(pointer + "/family_name", "The user's family name is required." + allOrNothing));
        }

        internal static void RequireEmail(List<CcApiError> errors, string? email, string pointer)
        {
            if (Missing(email)) errors.Add(Required(pointer, "An email address is required."));
            else if (!IsPlausibleEmail(email!))
                errors.Add(new CcApiError("invalid_email", $"{Quote(email!)} is not a valid email address{WhyNotEmail(email!)}.", pointer, "Invalid email address"));
        }

        /// <summary>
        /// Deliberately plain (RFC 5321 allows far more than any mail system accepts): at most 254 characters,
        /// one @ with something before it, a dotted domain without empty labels after it, no spaces or control characters.
        /// </summary>
        public static bool IsPlausibleEmail(string email)
        {
            if (email.Length == 0 || email.Length > 254) return false;
            var at = -1;
            for (var i = 0; i < email.Length; i++)
            {
                var c = email[i];
                if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
                if (c != '@') continue;
                if (at >= 0) return false;
                at = i;
            }
            if (at <= 0 || at == email.Length - 1) return false;
            if (Unprintable(email) != null) return false;
            // The local part as a dot-atom: no leading, trailing or double dot, none of the specials (so no "mailto:").
            var local = email.Substring(0, at);
            if (local.StartsWith(".", StringComparison.Ordinal) || local.EndsWith(".", StringComparison.Ordinal) || local.IndexOf("..", StringComparison.Ordinal) >= 0) return false;
            if (local.IndexOfAny(LocalPartSpecials) >= 0) return false;
            var domain = email.Substring(at + 1);
            return domain.IndexOf('.') > 0 && !domain.EndsWith(".", StringComparison.Ordinal) && domain.IndexOf("..", StringComparison.Ordinal) < 0
                && domain.IndexOfAny(LocalPartSpecials) < 0;
        }

        private static readonly char[] LocalPartSpecials = "()<>[]:;\\,\"".ToCharArray();

        /// <summary>Why <paramref name="email"/> is refused, as a clause for the message ("" when nothing more specific can be said).</summary>
        private static string WhyNotEmail(string email)
        {
            if (email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return ": remove the \"mailto:\" in front";
            if (Unprintable(email) is { } c) return $": it contains the invisible or control character {c}";
            var at = email.IndexOf('@');
            if (at > 0 && (email[at - 1] == '.' || email[0] == '.')) return ": the part before @ must not start or end with a dot";
            return "";
        }

        /// <summary>The first control, format (zero-width) or separator character other than a plain space, as U+XXXX; null when there is none.</summary>
        private static string? Unprintable(string value)
        {
            foreach (var c in value)
            {
                if (c == ' ') continue;
                var category = char.GetUnicodeCategory(c);
                if (char.IsControl(c) || category == System.Globalization.UnicodeCategory.Format || category == System.Globalization.UnicodeCategory.LineSeparator
                    || category == System.Globalization.UnicodeCategory.ParagraphSeparator || (char.IsWhiteSpace(c) && c != ' '))
                    return $"U+{(int)c:X4}";
            }
            return null;
        }

        private static bool IsGuid(string value) => Guid.TryParseExact(value.Trim(), "D", out _) || Guid.TryParseExact(value.Trim(), "B", out _);

        /// <summary>A value quoted for a message: at most 64 characters (a 10 KB cell is not echoed whole), control characters shown as U+XXXX.</summary>
        internal static string Quote(string value)
        {
            const int max = 64;
            var shown = value.Length > max ? value.Substring(0, max) : value;
            var text = new StringBuilder(shown.Length + 2).Append('\'');
            foreach (var c in shown)
            {
                if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) text.Append($"<U+{(int)c:X4}>");
                else text.Append(c);
            }
            text.Append('\'');
            if (value.Length > max) text.Append($"... ({value.Length} characters)");
            return text.ToString();
        }

        private static void RequireLength(List<CcApiError> errors, string value, int min, int max, string pointer)
        {
            if (value.Length < min || value.Length > max)
                errors.Add(Invalid(pointer, $"{FieldName(pointer)} must be {min} to {max} characters long; {Quote(value)} has {value.Length}."));
        }

        internal static void RequireOneOf(List<CcApiError> errors, string value, IReadOnlyList<string> allowed, string pointer)
        {
            if (Contains(allowed, value)) return;
            errors.Add(Invalid(pointer, $"{Quote(value)} is not a valid value for {FieldName(pointer)}; use one of: {string.Join(", ", allowed)}."));
        }

        internal static bool Contains(IReadOnlyList<string> allowed, string value)
        {
            foreach (var a in allowed) if (string.Equals(a, value, StringComparison.Ordinal)) return true;
            return false;
        }

        private static void RequireUri(List<CcApiError> errors, string value, string pointer)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out _))
                errors.Add(Invalid(pointer, $"{Quote(value)} is not an absolute URI, which {FieldName(pointer)} must be."));
        }

        internal static bool Missing(string? value) => string.IsNullOrWhiteSpace(value);

        internal static CcApiError Required(string pointer, string? detail = null) =>
            new CcApiError("required_field_missing", detail ?? $"{FieldName(pointer)} is required.", pointer, "Required field missing");

        internal static CcApiError Invalid(string pointer, string detail) => new CcApiError("invalid_value", detail, pointer, "Invalid value");

        private static string FieldName(string pointer) => pointer.TrimStart('/').Replace('/', '.');
    }
}
