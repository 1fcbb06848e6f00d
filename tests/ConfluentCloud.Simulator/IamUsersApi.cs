using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConfluentCloud.Simulator;

/// <summary>iam/v2 users (<c>iam-v2.openapi.yaml</c>) and role bindings (<c>iam-rolebindings-v2.openapi.yaml</c>).</summary>
public sealed partial class CloudSimulator
{
    private const string UsersPath = "/iam/v2/users";
    private const string RoleBindingsPath = "/iam/v2/role-bindings";

    // iam.v2.RoleBinding.principal and .crn_pattern patterns from the spec ('$' written as '\z': no trailing newline)
    private static readonly Regex PrincipalPattern = new("(^User:.+\\z)|(^Group:.+\\z)", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex CrnSegmentPattern = new("^[a-z][a-z0-9-]*=[^/=\\s]+\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private ApiResult DispatchIamUsers(HttpRequest req, string method, string path, byte[] body)
    {
        if (path == UsersPath)
            return HttpMethods.IsGet(method) ? ListUsers(req) : MethodNotAllowed(method, path, "GET");
        if (path.StartsWith(UsersPath + "/", StringComparison.Ordinal))
        {
            var id = path[(UsersPath.Length + 1)..];
            if (id.Length == 0 || id.Contains('/')) return RouteNotFound(method, path);
            if (HttpMethods.IsGet(method)) return GetUser(id);
            if (HttpMethods.IsPatch(method)) return UpdateUser(req, id, body);
            if (HttpMethods.IsDelete(method)) return DeleteUser(id);
            return MethodNotAllowed(method, path, "GET, PATCH, DELETE");
        }
        if (path == RoleBindingsPath)
        {
            if (HttpMethods.IsGet(method)) return ListRoleBindings(req);
            if (HttpMethods.IsPost(method)) return CreateRoleBinding(req, body);
            return MethodNotAllowed(method, path, "GET, POST");
        }
        if (path.StartsWith(RoleBindingsPath + "/", StringComparison.Ordinal))
        {
            var id = path[(RoleBindingsPath.Length + 1)..];
            if (id.Length == 0 || id.Contains('/')) return RouteNotFound(method, path);
            if (HttpMethods.IsGet(method)) return GetRoleBinding(id);
            if (HttpMethods.IsDelete(method)) return DeleteRoleBinding(id);
            return MethodNotAllowed(method, path, "GET, DELETE");
        }
        return RouteNotFound(method, path);
    }

    // ---------------------------------------------------------------- paging (shared by the new list operations)

    private static string? QueryParam(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    /// <summary>Reads page_size / page_token (a token remembers its page size), or produces the 400 answer.</summary>
    private static bool TryPaging(IQueryCollection q, string tokenKind, out long after, out int size, out ApiResult error)
    {
        after = 0;
        size = DefaultPageSize;
        error = null!;
        int? pageSize = null;
        var ps = QueryParam(q, "page_size");
        if (ps is not null)
        {
            if (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxPageSize)
            {
                error = ApiResult.Failure(400, new ApiError("invalid_page_size", "Invalid Page Size",
                    $"page_size must be an integer from 1 to {MaxPageSize}; got '{ps}'.", Parameter: "page_size"));
                return false;
            }
            pageSize = n;
        }
        var pt = QueryParam(q, "page_token");
        if (pt is not null)
        {
            if (!TryDecodePageToken(pt, out after, out var tokenSize, tokenKind))
            {
                error = ApiResult.Failure(400, new ApiError("invalid_page_token", "Invalid Page Token",
                    "page_token is not a token this API issued.", Parameter: "page_token"));
                return false;
            }
            pageSize ??= tokenSize;
        }
        size = pageSize ?? DefaultPageSize;
        return true;
    }

    /// <summary>A list link: the path, the filters that were given (in this order), page_size when not the default, page_token.</summary>
    private string PageLink(string path, IEnumerable<(string Name, string? Value)> filters, int pageSize, string? pageToken)
    {
        var sb = new StringBuilder(_base).Append(path);
        char sep = '?';
        void Add(string name, string? value)
        {
            if (value is null) return;
            sb.Append(sep).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            sep = '&';
        }
        foreach (var (name, value) in filters) Add(name, value);
        if (pageSize != DefaultPageSize) Add("page_size", pageSize.ToString(CultureInfo.InvariantCulture));
        Add("page_token", pageToken);
        return sb.ToString();
    }

    /// <summary>A <c>…List</c> body: api_version, kind, metadata (first, next when more, total_size), data.</summary>
    private static byte[] ListJson<T>(string apiVersion, string kind, string first, string? next, int total, List<T> items, Action<Utf8JsonWriter, T> write) =>
        JsonText.Write((apiVersion, kind, first, next, total, items, write), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("api_version", s.apiVersion);
            w.WriteString("kind", s.kind);
            w.WriteStartObject("metadata");
            w.WriteString("first", s.first);
            if (s.next is not null) w.WriteString("next", s.next);
            w.WriteNumber("total_size", s.total);
            w.WriteEndObject();
            w.WriteStartArray("data");
            foreach (var item in s.items) s.write(w, item);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    // ---------------------------------------------------------------- users

    private string UserSelf(string id) => $"{_base}{UsersPath}/{id}";

    private void WriteUser(Utf8JsonWriter w, SimUser u)
    {
        w.WriteStartObject();
        w.WriteString("api_version", "iam/v2");
        w.WriteString("kind", "User");
        w.WriteString("id", u.Id);
        JsonText.WriteObjectMeta(w, UserSelf(u.Id), $"{OrganizationCrn}/user={u.Id}", u.CreatedAt, u.UpdatedAt);
        w.WriteString("email", u.Email);
        w.WriteString("full_name", u.FullName);
        w.WriteString("auth_type", u.AuthType);
        w.WriteEndObject();
    }

    private byte[] UserJson(SimUser u) => JsonText.Write((this, u), static (w, s) => s.Item1.WriteUser(w, s.u));

    private ApiResult ListUsers(HttpRequest req)
    {
        if (!TryPaging(req.Query, "usr1", out var after, out var size, out var error)) return error;
        var page = _users.ListUsers(after, size);
        var next = page.HasMore && page.Items.Count > 0 ? PageLink(UsersPath, [], size, EncodePageToken(page.Items[^1].Order, size, "usr1")) : null;
        return ApiResult.Json(200, ListJson("iam/v2", "UserList", PageLink(UsersPath, [], size, null), next, page.Total, page.Items, WriteUser));
    }

    private ApiResult GetUser(string id)
    {
        var u = _users.Get(id);
        return u is null ? ResourceNotFound("user", id) : ApiResult.Json(200, UserJson(u));
    }

    /// <summary>PATCH with iam.v2.UserUpdate: only <c>full_name</c> is writable; read-only properties are ignored.</summary>
    private ApiResult UpdateUser(HttpRequest req, string id, byte[] body)
    {
        if (_users.Get(id) is null) return ResourceNotFound("user", id);
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;
        string? fullName = null;
        using (doc)
        {
            var root = doc.RootElement;
            if (root.TryGetProperty("full_name", out var f) && f.ValueKind != JsonValueKind.Null)
            {
                if (f.ValueKind != JsonValueKind.String)
                    return ApiResult.Failure(422, Err422("invalid_type", "/full_name", $"The property '/full_name' must be a string, not {Describe(f.ValueKind)}."));
                fullName = f.GetString()!;
                if (fullName.Length > 255 || fullName.Any(char.IsControl))
                    return ApiResult.Failure(422, Err422("invalid_value", "/full_name",
                        "The property '/full_name' must be at most 255 characters without control characters."));
            }
            if (root.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String
                && !string.Equals(e.GetString(), _users.Get(id)?.Email, StringComparison.OrdinalIgnoreCase))
                return ApiResult.Failure(422, Err422("invalid_value", "/email", "The property '/email' is immutable (x-immutable)."));
        }
        var updated = _users.Update(id, fullName);
        return updated is null ? ResourceNotFound("user", id) : ApiResult.Json(200, UserJson(updated));
    }

    /// <summary>Deletes the user and their role bindings. Their invitation, if any, stays (the client withdraws it).</summary>
    private ApiResult DeleteUser(string id)
    {
        lock (_iamLock)
        {
            if (_users.Delete(id) < 0) return ResourceNotFound("user", id);
        }
        Interlocked.Increment(ref Stats._usersDeleted);
        return ApiResult.NoContent();
    }

    // ---------------------------------------------------------------- role bindings

    private string RoleBindingSelf(string id) => $"{_base}{RoleBindingsPath}/{id}";

    private void WriteRoleBinding(Utf8JsonWriter w, SimRoleBinding b)
    {
        w.WriteStartObject();
        w.WriteString("api_version", "iam/v2");
        w.WriteString("kind", "RoleBinding");
        w.WriteString("id", b.Id);
        JsonText.WriteObjectMeta(w, RoleBindingSelf(b.Id), $"{OrganizationCrn}/role-binding={b.Id}", b.CreatedAt, b.CreatedAt);
        w.WriteString("principal", b.Principal);
        w.WriteString("role_name", b.RoleName);
        w.WriteString("crn_pattern", b.CrnPattern);
        w.WriteEndObject();
    }

    private byte[] RoleBindingJson(SimRoleBinding b) => JsonText.Write((this, b), static (w, s) => s.Item1.WriteRoleBinding(w, s.b));

    private ApiResult ListRoleBindings(HttpRequest req)
    {
        var q = req.Query;
        var crn = QueryParam(q, "crn_pattern");
        if (crn is null)
            return ApiResult.Failure(400, new ApiError("invalid_filter", "Invalid Filter",
                "The role bindings can only be listed with a 'crn_pattern' filter (a CRN such as crn://confluent.cloud/organization=<id>).",
                Parameter: "crn_pattern"));
        if (!TryPaging(q, "rb1", out var after, out var size, out var error)) return error;
        var principal = QueryParam(q, "principal");
        var role = QueryParam(q, "role_name");
        var crnMatch = CrnFilter(crn);
        var page = _users.ListBindings(b => crnMatch(b.CrnPattern)
            && (principal is null || b.Principal == principal)
            && (role is null || b.RoleName == role), after, size);
        (string, string?)[] filters = [("crn_pattern", crn), ("principal", principal), ("role_name", role)];
        var next = page.HasMore && page.Items.Count > 0 ? PageLink(RoleBindingsPath, filters, size, EncodePageToken(page.Items[^1].Order, size, "rb1")) : null;
        return ApiResult.Json(200, ListJson("iam/v2", "RoleBindingList", PageLink(RoleBindingsPath, filters, size, null), next, page.Total, page.Items, WriteRoleBinding));
    }

    /// <summary>The crn_pattern filter, "a partial search of crn_pattern" in the spec: a binding matches when its pattern is
    /// the filter or lies below it (the filter followed by <c>/…</c>), and a <c>*</c> in the filter stands for any run of
    /// characters within one segment. So the organization's CRN lists every binding of the organization,
    /// <c>…/environment=env-1</c> that environment's and everything in it, <c>…/environment=*/cloud-cluster=*</c> all
    /// cluster-level and deeper bindings. A client that needs one exact scope compares crn_pattern itself.</summary>
    private static Func<string, bool> CrnFilter(string filter)
    {
        var rx = new Regex("^" + string.Join("[^/]*", filter.Split('*').Select(Regex.Escape)) + "(/.*)?\\z",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);
        return s => rx.IsMatch(s);
    }

    private ApiResult CreateRoleBinding(HttpRequest req, byte[] body)
    {
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;
        string? principal, role, crn;
        using (doc)
        {
            var c = new Checker();
            var root = doc.RootElement;
            principal = c.RequiredString(root, "principal", "/principal");
            if (principal is not null && !PrincipalPattern.IsMatch(principal))
            {
                c.Add("invalid_value", "/principal",
                    $"The property '/principal' must be 'User:<user id>' or 'Group:<group id>' (pattern (^User:.+$)|(^Group:.+$)); got '{Clip(principal)}'.");
                principal = null;
            }
            role = c.RequiredString(root, "role_name", "/role_name", maxLength: 255);
            crn = c.RequiredString(root, "crn_pattern", "/crn_pattern");
            if (crn is not null && CheckCrnPattern(crn) is string problem)
            {
                c.Add("invalid_value", "/crn_pattern", problem);
                crn = null;
            }
            // read-only properties (id, kind, api_version, metadata) are ignored
            if (c.Errors.Count > 0 || principal is null || role is null || crn is null) return ApiResult.Failure(400, c.Errors);
        }

        switch (_users.CreateBinding(principal, role, crn, Options.RequireKnownPrincipals, out var b))
        {
            case BindingOutcome.Duplicate:
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The role binding '{b.Id}' already binds {principal} to {role} on '{crn}'."), RoleBindingSelf(b.Id));
            case BindingOutcome.UnknownPrincipal:
                return ApiResult.Failure(400, new ApiError("invalid_value", "Validation Failed",
                    $"The principal '{principal}' is not a user of this organization.", Pointer: "/principal"));
            default:
                Interlocked.Increment(ref Stats._roleBindingsCreated);
                return ApiResult.Json(201, RoleBindingJson(b), RoleBindingSelf(b.Id));
        }
    }

    /// <summary>Null when the pattern is acceptable: <c>^crn://.+$</c>, a URI, rooted at this organization, then
    /// <c>/name=value</c> segments (a value may be <c>*</c> or end in <c>*</c>, e.g. <c>topic=orders-*</c>).</summary>
    private static string? CheckCrnPattern(string crn)
    {
        const string rule = "The property '/crn_pattern' must be a CRN of this organization: crn://confluent.cloud/organization=<id>" +
            " optionally followed by /name=value segments (e.g. /environment=env-123/cloud-cluster=lkc-456)";
        if (!crn.StartsWith("crn://", StringComparison.Ordinal) || crn.Length == 6 || !Uri.TryCreate(crn, UriKind.Absolute, out _))
            return $"{rule}; got '{Clip(crn)}' (pattern ^crn://.+$, format uri).";
        var root = OrganizationCrn;
        if (!crn.StartsWith(root, StringComparison.Ordinal) || (crn.Length > root.Length && crn[root.Length] != '/'))
            return crn.StartsWith("crn://confluent.cloud/organization=", StringComparison.Ordinal)
                ? $"The property '/crn_pattern' names another organization; the credentials belong to organization '{OrganizationId}'."
                : $"{rule}; got '{Clip(crn)}'.";
        var rest = crn[root.Length..];
        if (rest.Length == 0) return null;
        foreach (var segment in rest[1..].Split('/'))
            if (!CrnSegmentPattern.IsMatch(segment)) return $"{rule}; the segment '{Clip(segment)}' is not name=value.";
        return null;
    }

    /// <summary>A value for an error message, cut to 100 characters so that a huge bad value is not echoed whole.</summary>
    private static string Clip(string s) => s.Length <= 100 ? s : string.Concat(s.AsSpan(0, 100), "…");

    private ApiResult GetRoleBinding(string id)
    {
        var b = _users.GetBinding(id);
        return b is null ? ResourceNotFound("role binding", id) : ApiResult.Json(200, RoleBindingJson(b));
    }

    /// <summary>The contract answers 200 with the deleted binding ("A Role Binding is being deleted"), not 204.</summary>
    private ApiResult DeleteRoleBinding(string id)
    {
        var b = _users.DeleteBinding(id);
        if (b is null) return ResourceNotFound("role binding", id);
        Interlocked.Increment(ref Stats._roleBindingsDeleted);
        return ApiResult.Json(200, RoleBindingJson(b));
    }
}
