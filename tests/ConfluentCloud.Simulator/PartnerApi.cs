using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConfluentCloud.Simulator;

public sealed partial class CloudSimulator
{
    // partner.v2.Organization.name pattern from the spec, with the JS-only '\"' written as '"' and '$' as '\z'
    // (in .NET '$' would also match before a trailing newline).
    private static readonly Regex OrganizationNamePattern =
        new("^[^<>#%'*^`{|}~\"]{1,31}\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex EntitlementPathPattern =
        new("^/partner/v2/entitlements/([^/]+)$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly HashSet<string> OrganizationProperties =
        ["name", "sso_config", "api_version", "kind", "id", "metadata", "sso_url"];

    private static readonly HashSet<string> EntitlementProperties =
        ["external_id", "name", "plan_id", "product_id", "usage_reporting_id", "resource_id", "organization", "api_version", "kind", "id", "metadata"];

    private static readonly string[] PlanIds = ["confluent-cloud-payg-prod", "payg-prod.gcpmarketplace.confluent.cloud"];

    private static readonly string[] ProductIds =
        ["confluent-cloud-kafka-service-azure", "confluent-cloud-for-apache-kafka", "payg-prod.gcpmarketplace.confluent.cloud"];

    private const string DryRunMessage = "Dry run: the signup request is valid; nothing was created.";

    private ApiResult DispatchPartner(HttpRequest req, string method, string path, byte[] body)
    {
        switch (path)
        {
            case "/partner/v2/signup":
                return HttpMethods.IsPost(method) ? Signup(req, body) : MethodNotAllowed(method, path, "POST");
            case "/partner/v2/signup/activate":
                return HttpMethods.IsPost(method) ? Activate(req, body) : MethodNotAllowed(method, path, "POST");
            case LinkPath:
                return HttpMethods.IsPost(method) ? Link(req, body) : MethodNotAllowed(method, path, "POST");
            case EntitlementsPath:
                if (HttpMethods.IsGet(method)) return ListEntitlements(req);
                if (HttpMethods.IsPost(method)) return CreateEntitlement(req, body);
                return MethodNotAllowed(method, path, "GET, POST");
            case OrganizationsPath:
                return HttpMethods.IsGet(method) ? ListOrganizations(req) : MethodNotAllowed(method, path, "GET");
        }
        const string ents = "/partner/v2/entitlements/";
        const string orgs = "/partner/v2/organizations/";
        if (path.StartsWith(ents, StringComparison.Ordinal) && path.Length > ents.Length && path.IndexOf('/', ents.Length) < 0)
            return HttpMethods.IsGet(method) ? GetEntitlement(req, path[ents.Length..]) : MethodNotAllowed(method, path, "GET");
        if (path.StartsWith(orgs, StringComparison.Ordinal) && path.Length > orgs.Length && path.IndexOf('/', orgs.Length) < 0)
            return HttpMethods.IsGet(method) ? GetOrganization(path[orgs.Length..]) : MethodNotAllowed(method, path, "GET");
        return RouteNotFound(method, path);
    }

    // ---------------------------------------------------------------- POST /partner/v2/signup

    private ApiResult Signup(HttpRequest req, byte[] body)
    {
        bool dryRun = false;
        if (req.Query.TryGetValue("dry_run", out var dr) && dr.Count > 0)
        {
            if (!Validation.TryParseBool(dr[0] ?? "", out dryRun))
                return ApiResult.Failure(400, new ApiError("invalid_parameter", "Invalid Parameter",
                    $"dry_run must be a boolean (true or false); got '{dr[0]}'.", Parameter: "dry_run"));
        }
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;

        SignupCommand? cmd;
        using (doc)
        {
            var c = new Checker();
            cmd = ValidateSignup(c, doc.RootElement);
            if (c.Errors.Count > 0 || cmd is null) return ApiResult.Failure(400, c.Errors);
        }

        var outcome = _partner.Signup(cmd, dryRun, out var created, out var conflictId);
        switch (outcome)
        {
            case SignupOutcome.DuplicateExternalId:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The entitlement '{conflictId}' with external_id '{cmd.Details!.ExternalId}' already exists."),
                    EntitlementUrl(conflictId!));
            case SignupOutcome.EntitlementAlreadyLinked:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The entitlement '{conflictId}' is already linked to an organization."),
                    EntitlementUrl(conflictId!));
            case SignupOutcome.ReferenceNotFound:
                return ApiResult.Failure(400, new ApiError("invalid_reference", "Validation Failed",
                    $"The entitlement '{cmd.ReferenceId}' referenced by '/entitlement/related' does not exist.", Pointer: "/entitlement/related"));
            case SignupOutcome.DryRunOk:
                return ApiResult.Json(201, SignupResponseJson("", "", DryRunMessage));
            default:
                Interlocked.Increment(ref Stats._signupsCreated);
                if (cmd.Details is not null) Interlocked.Increment(ref Stats._entitlementsCreated);
                var org = created!;
                var message = cmd.User is not null
                    ? $"Organization '{org.OrganizationName}' was created and user {cmd.User.Email} is being created. Sign in at {org.SsoUrl}."
                    : $"Organization '{org.OrganizationName}' was created and is pending activation: call /partner/v2/signup/activate with the user's details to complete the signup.";
                return ApiResult.Json(201, SignupResponseJson(org.OrganizationId, org.SsoUrl, message));
        }
    }

    private static byte[] SignupResponseJson(string organizationId, string ssoUrl, string message) =>
        JsonText.Write((organizationId, ssoUrl, message), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("organization_id", s.organizationId);
            w.WriteString("sso_url", s.ssoUrl);
            w.WriteString("display_message", s.message);
            w.WriteEndObject();
        });

    private static SignupCommand? ValidateSignup(Checker c, JsonElement root)
    {
        var (orgName, tenant) = ValidateOrganization(c, root, nameRequired: true);

        SignupUser? user = null;
        if (c.OptionalObject(root, "user", "/user", out var u)) user = ValidateUser(c, u, "/user");

        EntitlementDetails? details = null;
        string? referenceId = null;
        if (c.RequiredObject(root, "entitlement", "/entitlement", out var ent))
        {
            // oneOf: an ObjectReference (has related / resource_name) or entitlement details
            if (ent.TryGetProperty("related", out _) || ent.TryGetProperty("resource_name", out _))
                referenceId = ValidateEntitlementReference(c, ent);
            else
                details = ValidateEntitlementDetails(c, ent);
        }

        if (c.Errors.Count > 0 || orgName is null || tenant is null || (details is null && referenceId is null)) return null;
        return new SignupCommand { OrganizationName = orgName, TenantId = tenant, Details = details, ReferenceId = referenceId, User = user };
    }

    /// <summary>The request's <c>organization</c> (partner.v2.Organization with sso_config required, name required for a signup).</summary>
    private static (string? Name, string? TenantId) ValidateOrganization(Checker c, JsonElement root, bool nameRequired)
    {
        string? orgName = null, tenant = null;
        if (c.RequiredObject(root, "organization", "/organization", out var org))
        {
            c.NoUnknownProperties(org, "/organization", OrganizationProperties);
            var name = nameRequired ? c.RequiredString(org, "name", "/organization/name", nonEmpty: false)
                : c.OptionalString(org, "name", "/organization/name");
            if (name is not null)
            {
                if (OrganizationNamePattern.IsMatch(name)) orgName = name;
                else c.Add("invalid_value", "/organization/name",
                    "The property '/organization/name' must be 1 to 31 characters, none of < > # % ' * ^ ` { | } ~ \" " +
                    "(pattern ^[^<>#%'*^`{|}~\"]{1,31}$).");
            }
            if (c.RequiredObject(org, "sso_config", "/organization/sso_config", out var sso))
            {
                var kind = c.RequiredString(sso, "kind", "/organization/sso_config/kind");
                if (kind is not null && kind != "AzureSSOConfig")
                    c.Add("invalid_value", "/organization/sso_config/kind",
                        $"The property '/organization/sso_config/kind' must be 'AzureSSOConfig' (the only supported SSO configuration); got '{kind}'.");
                tenant = c.RequiredString(sso, "tenant_id", "/organization/sso_config/tenant_id");
            }
        }
        return (orgName, tenant);
    }

    private static SignupUser? ValidateUser(Checker c, JsonElement u, string ptr)
    {
        var given = c.RequiredString(u, "given_name", ptr + "/given_name");
        var family = c.RequiredString(u, "family_name", ptr + "/family_name");
        var email = c.RequiredString(u, "email", ptr + "/email");
        if (email is not null)
        {
            email = email.Trim();
            if (!Validation.IsPlausibleEmail(email))
            {
                c.Add("invalid_value", ptr + "/email", $"The property '{ptr}/email' is not a valid email address: '{email}'.");
                email = null;
            }
        }
        return given is null || family is null || email is null ? null
            : new SignupUser { GivenName = given, FamilyName = family, Email = email };
    }

    private static EntitlementDetails? ValidateEntitlementDetails(Checker c, JsonElement e, string p = "/entitlement")
    {
        c.NoUnknownProperties(e, p, EntitlementProperties);
        var externalId = c.RequiredString(e, "external_id", p + "/external_id");
        var name = c.RequiredString(e, "name", p + "/name");
        var plan = c.RequiredString(e, "plan_id", p + "/plan_id");
        if (plan is not null && Array.IndexOf(PlanIds, plan) < 0)
        {
            c.Add("invalid_value", p + "/plan_id", $"The property '{p}/plan_id' must be one of {string.Join(", ", PlanIds)}; got '{plan}'.");
            plan = null;
        }
        var product = c.RequiredString(e, "product_id", p + "/product_id");
        if (product is not null && Array.IndexOf(ProductIds, product) < 0)
        {
            c.Add("invalid_value", p + "/product_id", $"The property '{p}/product_id' must be one of {string.Join(", ", ProductIds)}; got '{product}'.");
            product = null;
        }
        var usage = c.OptionalString(e, "usage_reporting_id", p + "/usage_reporting_id");
        var resource = c.OptionalString(e, "resource_id", p + "/resource_id");
        string? orgRelated = null;
        if (c.OptionalObject(e, "organization", p + "/organization", out var orgRef)) orgRelated = ValidateObjectReference(c, orgRef, p + "/organization");

        return externalId is null || name is null || plan is null || product is null ? null
            : new EntitlementDetails { ExternalId = externalId, Name = name, PlanId = plan, ProductId = product, UsageReportingId = usage, ResourceId = resource,
                OrganizationRelated = orgRelated };
    }

    /// <summary>Validates an ObjectReference (id, related, resource_name required); returns related if valid.</summary>
    private static string? ValidateObjectReference(Checker c, JsonElement r, string p)
    {
        var id = c.RequiredString(r, "id", p + "/id", maxLength: 255);
        var related = c.RequiredString(r, "related", p + "/related");
        if (related is not null && !Uri.TryCreate(related, UriKind.Absolute, out _))
        {
            c.Add("invalid_value", p + "/related", $"The property '{p}/related' must be an absolute URI; got '{related}'.");
            related = null;
        }
        var crn = c.RequiredString(r, "resource_name", p + "/resource_name");
        if (crn is not null && !Uri.TryCreate(crn, UriKind.Absolute, out _))
            c.Add("invalid_value", p + "/resource_name", $"The property '{p}/resource_name' must be a URI (CRN); got '{crn}'.");
        c.OptionalString(r, "environment", p + "/environment", minLength: 1, maxLength: 255);
        c.OptionalString(r, "api_version", p + "/api_version", minLength: 1);
        c.OptionalString(r, "kind", p + "/kind", minLength: 1);
        return id is null ? null : related;
    }

    /// <summary>Validates the reference form of the entitlement; returns the referenced entitlement id.</summary>
    private static string? ValidateEntitlementReference(Checker c, JsonElement e)
    {
        const string p = "/entitlement";
        var errorsBefore = c.Errors.Count;
        var related = ValidateObjectReference(c, e, p);
        if (related is null || c.Errors.Count > errorsBefore) return null;
        var m = EntitlementPathPattern.Match(new Uri(related).AbsolutePath);
        if (!m.Success)
        {
            c.Add("invalid_reference", p + "/related",
                $"The property '{p}/related' must be the URL of a partner/v2 entitlement (…/partner/v2/entitlements/{{id}}); got '{related}'.");
            return null;
        }
        var refId = Uri.UnescapeDataString(m.Groups[1].Value);
        var id = e.GetProperty("id").GetString()!;
        if (!string.Equals(id, refId, StringComparison.OrdinalIgnoreCase))
        {
            c.Add("invalid_reference", p + "/id", $"The property '{p}/id' ('{id}') does not match the entitlement in '{p}/related' ('{refId}').");
            return null;
        }
        return refId;
    }

    // ---------------------------------------------------------------- POST /partner/v2/signup/activate

    private ApiResult Activate(HttpRequest req, byte[] body)
    {
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;
        string? orgId;
        SignupUser? user = null;
        using (doc)
        {
            var c = new Checker();
            var root = doc.RootElement;
            orgId = c.RequiredString(root, "organization_id", "/organization_id");
            if (c.RequiredObject(root, "user", "/user", out var u)) user = ValidateUser(c, u, "/user");
            if (c.Errors.Count > 0 || orgId is null || user is null) return ApiResult.Failure(400, c.Errors);
        }

        switch (_partner.Activate(orgId.Trim(), user, out var org))
        {
            case ActivateOutcome.UnknownOrganization:
                return ApiResult.Failure(400, new ApiError("invalid_organization", "Validation Failed",
                    $"The organization '{orgId}' does not exist or was not created by a partner signup.", Pointer: "/organization_id"));
            case ActivateOutcome.AlreadyHasUser:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    org!.Linked
                        ? $"The organization '{org.OrganizationId}' was linked, not signed up: it has its users already."
                        : $"The signup of organization '{org.OrganizationId}' is already complete: it has the user {org.UserEmail}."),
                    OrganizationUrl(org.OrganizationId));
            default:
                Interlocked.Increment(ref Stats._activations);
                return ApiResult.Json(201, SignupResponseJson(org!.OrganizationId, org.SsoUrl,
                    $"User {user.Email} is being created in organization '{org.OrganizationName}'. Sign in at {org.SsoUrl}."));
        }
    }

    private string OrganizationUrl(string id) => $"{_base}/partner/v2/organizations/{id}";

    // ---------------------------------------------------------------- GET entitlements / organizations

    private ApiResult GetEntitlement(HttpRequest req, string id)
    {
        var found = _partner.GetEntitlement(id);
        if (found is not { } f) return ResourceNotFound("entitlement", id);
        var e = f.Entitlement;
        if (req.Query.TryGetValue("organization.id", out var scope) && scope.Count > 0 && !string.IsNullOrEmpty(scope[0])
            && !string.Equals(scope[0], e.OrganizationId, StringComparison.OrdinalIgnoreCase))
            return ResourceNotFound("entitlement", id);

        return ApiResult.Json(200, EntitlementJson(e, f.UpdatedAt));
    }

    private ApiResult GetOrganization(string id)
    {
        var found = _partner.GetOrganization(id);
        if (found is not { } f) return ResourceNotFound("organization", id);
        return ApiResult.Json(200, OrganizationJson(f.Organization, f.UpdatedAt));
    }

    // ---------------------------------------------------------------- schema checks

    /// <summary>Collects one error per violation (400 Validation Failed with a JSON pointer).</summary>
    private sealed class Checker
    {
        public readonly List<ApiError> Errors = new();

        public void Add(string code, string pointer, string detail) =>
            Errors.Add(new ApiError(code, "Validation Failed", detail, Pointer: pointer));

        private static bool Present(JsonElement parent, string name, out JsonElement v) =>
            parent.TryGetProperty(name, out v) && v.ValueKind != JsonValueKind.Null;

        public bool RequiredObject(JsonElement parent, string name, string ptr, out JsonElement obj)
        {
            if (!Present(parent, name, out obj))
            {
                Add("missing_required_field", ptr, $"The property '{ptr}' is required.");
                return false;
            }
            return IsObject(obj, ptr);
        }

        /// <summary>Absent or null counts as absent.</summary>
        public bool OptionalObject(JsonElement parent, string name, string ptr, out JsonElement obj) =>
            Present(parent, name, out obj) && IsObject(obj, ptr);

        private bool IsObject(JsonElement v, string ptr)
        {
            if (v.ValueKind == JsonValueKind.Object) return true;
            Add("invalid_type", ptr, $"The property '{ptr}' must be an object, not {Describe(v.ValueKind)}.");
            return false;
        }

        public string? RequiredString(JsonElement parent, string name, string ptr, bool nonEmpty = true, int maxLength = int.MaxValue)
        {
            if (!Present(parent, name, out var v))
            {
                Add("missing_required_field", ptr, $"The property '{ptr}' is required.");
                return null;
            }
            return CheckString(v, ptr, nonEmpty ? 1 : 0, maxLength);
        }

        public string? OptionalString(JsonElement parent, string name, string ptr, int minLength = 0, int maxLength = int.MaxValue) =>
            Present(parent, name, out var v) ? CheckString(v, ptr, minLength, maxLength) : null;

        private string? CheckString(JsonElement v, string ptr, int minLength, int maxLength)
        {
            if (v.ValueKind != JsonValueKind.String)
            {
                Add("invalid_type", ptr, $"The property '{ptr}' must be a string, not {Describe(v.ValueKind)}.");
                return null;
            }
            var s = v.GetString()!;
            if (minLength > 0 && s.Trim().Length == 0)
            {
                Add("invalid_value", ptr, $"The property '{ptr}' must not be empty.");
                return null;
            }
            if (s.Length > maxLength)
            {
                Add("invalid_value", ptr, $"The property '{ptr}' must be at most {maxLength} characters long.");
                return null;
            }
            return s;
        }

        public void NoUnknownProperties(JsonElement obj, string ptr, HashSet<string> allowed)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (allowed.Contains(p.Name)) continue;
                var child = ptr + "/" + JsonText.PointerToken(p.Name);
                Add("unknown_property", child, $"The property '{child}' is not allowed (additionalProperties is false).");
            }
        }
    }
}
