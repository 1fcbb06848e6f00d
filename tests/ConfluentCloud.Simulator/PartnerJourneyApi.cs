using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConfluentCloud.Simulator;

/// <summary>The rest of partner/v2: entitlements (list, create), organizations (list), and <c>POST /partner/v2/signup/link</c>.</summary>
public sealed partial class CloudSimulator
{
    private const string EntitlementsPath = "/partner/v2/entitlements";
    private const string OrganizationsPath = "/partner/v2/organizations";
    private const string LinkPath = "/partner/v2/signup/link";

    /// <summary>A linking token is valid on this simulator when it is this prefix followed by 1 to 200 of
    /// <c>A-Z a-z 0-9 . _ ~ -</c>. Each distinct token names one existing Confluent organization (the same token, the same
    /// organization id), which a real link adds to the partner's organizations; a token can be linked once.</summary>
    public const string LinkTokenPrefix = "sim-link-";

    private static readonly Regex LinkTokenPattern =
        new("^sim-link-[A-Za-z0-9._~-]{1,200}\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex OrganizationPathPattern =
        new("^/partner/v2/organizations/([^/]+)$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>A valid linking token for this simulator: <c>sim-link-&lt;key&gt;</c>.</summary>
    public static string LinkToken(string key) => LinkTokenPrefix + key;

    /// <summary>The id of the existing organization a valid linking token names (the same on every simulator).</summary>
    public static string LinkedOrganizationId(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return Ids.Guid(0x11_4E_0000_0000_0003UL, BitConverter.ToInt64(hash, 0) & long.MaxValue);
    }

    // ---------------------------------------------------------------- JSON

    private byte[] EntitlementJson(SimEntitlement e, DateTimeOffset updatedAt) =>
        JsonText.Write((this, e, updatedAt), static (w, s) => s.Item1.WriteEntitlement(w, s.e, s.updatedAt));

    private void WriteEntitlement(Utf8JsonWriter w, SimEntitlement ent) => WriteEntitlement(w, ent, ent.UpdatedAt);

    private void WriteEntitlement(Utf8JsonWriter w, SimEntitlement ent, DateTimeOffset updated)
    {
        w.WriteStartObject();
        w.WriteString("api_version", "partner/v2");
        w.WriteString("kind", "Entitlement");
        w.WriteString("id", ent.Id);
        JsonText.WriteObjectMeta(w, EntitlementUrl(ent.Id), $"crn://confluent.cloud/entitlement={ent.Id}", ent.CreatedAt, updated);
        w.WriteString("external_id", ent.ExternalId);
        w.WriteString("name", ent.Name);
        w.WriteString("plan_id", ent.PlanId);
        w.WriteString("product_id", ent.ProductId);
        if (ent.UsageReportingId is not null) w.WriteString("usage_reporting_id", ent.UsageReportingId);
        if (ent.ResourceId is not null) w.WriteString("resource_id", ent.ResourceId);
        if (ent.OrganizationId is not null)
        {
            w.WriteStartObject("organization");
            w.WriteString("id", ent.OrganizationId);
            w.WriteString("related", OrganizationUrl(ent.OrganizationId));
            w.WriteString("resource_name", $"crn://confluent.cloud/organization={ent.OrganizationId}");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private byte[] OrganizationJson(SimSignup org, DateTimeOffset updatedAt) =>
        JsonText.Write((this, org, updatedAt), static (w, s) => s.Item1.WriteOrganization(w, s.org, s.updatedAt));

    private void WriteOrganization(Utf8JsonWriter w, SimSignup org) => WriteOrganization(w, org, org.UpdatedAt);

    private void WriteOrganization(Utf8JsonWriter w, SimSignup org, DateTimeOffset updated)
    {
        w.WriteStartObject();
        w.WriteString("api_version", "partner/v2");
        w.WriteString("kind", "Organization");
        w.WriteString("id", org.OrganizationId);
        JsonText.WriteObjectMeta(w, OrganizationUrl(org.OrganizationId), $"crn://confluent.cloud/organization={org.OrganizationId}", org.CreatedAt, updated);
        w.WriteString("name", org.OrganizationName);
        w.WriteString("sso_url", org.SsoUrl);
        w.WriteStartObject("sso_config");
        w.WriteString("kind", "AzureSSOConfig");
        w.WriteString("tenant_id", org.TenantId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // ---------------------------------------------------------------- GET /partner/v2/entitlements, /organizations

    private ApiResult ListEntitlements(HttpRequest req)
    {
        if (!TryPaging(req.Query, "ent1", out var after, out var size, out var error)) return error;
        var org = QueryParam(req.Query, "organization.id");
        var page = _partner.ListEntitlements(org, after, size);
        (string, string?)[] filters = [("organization.id", org)];
        var next = page.HasMore && page.Items.Count > 0 ? PageLink(EntitlementsPath, filters, size, EncodePageToken(page.Items[^1].Order, size, "ent1")) : null;
        return ApiResult.Json(200, ListJson("partner/v2", "EntitlementList", PageLink(EntitlementsPath, filters, size, null), next, page.Total, page.Items, WriteEntitlement));
    }

    private ApiResult ListOrganizations(HttpRequest req)
    {
        if (!TryPaging(req.Query, "org1", out var after, out var size, out var error)) return error;
        var page = _partner.ListOrganizations(after, size);
        var next = page.HasMore && page.Items.Count > 0 ? PageLink(OrganizationsPath, [], size, EncodePageToken(page.Items[^1].Order, size, "org1")) : null;
        return ApiResult.Json(200, ListJson("partner/v2", "OrganizationList", PageLink(OrganizationsPath, [], size, null), next, page.Total, page.Items, WriteOrganization));
    }

    // ---------------------------------------------------------------- POST /partner/v2/entitlements

    private ApiResult CreateEntitlement(HttpRequest req, byte[] body)
    {
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;
        EntitlementDetails? details;
        string? organizationId = null;
        using (doc)
        {
            var c = new Checker();
            details = ValidateEntitlementDetails(c, doc.RootElement, "");
            if (c.Errors.Count == 0 && details?.OrganizationRelated is string related)
            {
                var m = OrganizationPathPattern.Match(new Uri(related).AbsolutePath);
                if (!m.Success)
                    c.Add("invalid_reference", "/organization/related",
                        $"The property '/organization/related' must be the URL of a partner/v2 organization (…/partner/v2/organizations/{{id}}); got '{Clip(related)}'.");
                else organizationId = Uri.UnescapeDataString(m.Groups[1].Value);
            }
            if (c.Errors.Count > 0 || details is null) return ApiResult.Failure(400, c.Errors);
        }

        switch (_partner.CreateEntitlement(details, organizationId, out var created, out var conflictId))
        {
            case SignupOutcome.DuplicateExternalId:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The entitlement '{conflictId}' with external_id '{details.ExternalId}' already exists."), EntitlementUrl(conflictId!));
            case SignupOutcome.ReferenceNotFound:
                return ApiResult.Failure(400, new ApiError("invalid_reference", "Validation Failed",
                    $"The organization '{organizationId}' referenced by '/organization/related' is not an organization of this partner.",
                    Pointer: "/organization/related"));
            default:
                Interlocked.Increment(ref Stats._entitlementsCreated);
                return ApiResult.Json(201, EntitlementJson(created!, created!.UpdatedAt), EntitlementUrl(created.Id));
        }
    }

    // ---------------------------------------------------------------- POST /partner/v2/signup/link

    private ApiResult Link(HttpRequest req, byte[] body)
    {
        bool dryRun = false;
        if (req.Query.TryGetValue("dry_run", out var dr) && dr.Count > 0)
        {
            if (!Validation.TryParseBool(dr[0] ?? "", out dryRun))
                return ApiResult.Failure(400, new ApiError("invalid_parameter", "Invalid Parameter",
                    $"dry_run must be a boolean (true or false); got '{Clip(dr[0] ?? "")}'.", Parameter: "dry_run"));
        }
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;

        LinkCommand? cmd;
        using (doc)
        {
            var c = new Checker();
            var root = doc.RootElement;
            // x-redact: the token is a secret; no answer ever repeats it
            var token = c.RequiredString(root, "token", "/token");
            if (token is not null && !LinkTokenPattern.IsMatch(token))
            {
                c.Add("invalid_value", "/token", "The property '/token' is not a valid linking token (or it has expired).");
                token = null;
            }
            var (name, tenant) = ValidateOrganization(c, root, nameRequired: false);
            EntitlementDetails? details = null;
            string? referenceId = null;
            if (c.RequiredObject(root, "entitlement", "/entitlement", out var ent))
            {
                if (ent.TryGetProperty("related", out _) || ent.TryGetProperty("resource_name", out _))
                    referenceId = ValidateEntitlementReference(c, ent);
                else
                    details = ValidateEntitlementDetails(c, ent);
            }
            if (c.Errors.Count > 0 || token is null || tenant is null || (details is null && referenceId is null)) return ApiResult.Failure(400, c.Errors);
            cmd = new LinkCommand { Token = token, OrganizationName = name, TenantId = tenant, Details = details, ReferenceId = referenceId };
        }

        var orgId = LinkedOrganizationId(cmd.Token);
        var defaultName = "Customer org " + orgId[..8];
        switch (_partner.Link(cmd, orgId, defaultName, dryRun, out var linked, out var conflictId))
        {
            case SignupOutcome.TokenAlreadyUsed:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The organization '{conflictId}' that this linking token names is already linked."), OrganizationUrl(conflictId!));
            case SignupOutcome.DuplicateExternalId:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The entitlement '{conflictId}' with external_id '{cmd.Details!.ExternalId}' already exists."), EntitlementUrl(conflictId!));
            case SignupOutcome.EntitlementAlreadyLinked:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The entitlement '{conflictId}' is already linked to an organization."), EntitlementUrl(conflictId!));
            case SignupOutcome.ReferenceNotFound:
                return ApiResult.Failure(400, new ApiError("invalid_reference", "Validation Failed",
                    $"The entitlement '{cmd.ReferenceId}' referenced by '/entitlement/related' does not exist.", Pointer: "/entitlement/related"));
            case SignupOutcome.DryRunOk:
                // the token already names the organization, so unlike a signup's dry run the answer can name it (and stays a valid
                // PartnerSignupResponse: sso_url is a URI)
                return ApiResult.Json(201, SignupResponseJson(orgId, PartnerStore.SsoUrlFor(orgId), "Dry run: the link request is valid; nothing was linked."));
            default:
                Interlocked.Increment(ref Stats._linksCreated);
                if (cmd.Details is not null) Interlocked.Increment(ref Stats._entitlementsCreated);
                return ApiResult.Json(201, SignupResponseJson(linked!.OrganizationId, linked.SsoUrl,
                    $"Organization '{linked.OrganizationName}' is linked to the entitlement '{linked.EntitlementExternalId}'. Sign in at {linked.SsoUrl}."));
        }
    }
}
