using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConfluentCloud.Simulator;

public sealed partial class CloudSimulator
{
    private const string InvitationsPath = "/iam/v2/invitations";
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;

    private ApiResult Dispatch(HttpRequest req, string method, string path, byte[] body)
    {
        if (path == InvitationsPath)
        {
            if (HttpMethods.IsGet(method)) return ListInvitations(req);
            if (HttpMethods.IsPost(method)) return CreateInvitation(req, body);
            return MethodNotAllowed(method, path, "GET, POST");
        }
        if (path.StartsWith(InvitationsPath + "/", StringComparison.Ordinal))
        {
            var id = path[(InvitationsPath.Length + 1)..];
            if (id.Length == 0 || id.Contains('/')) return RouteNotFound(method, path);
            if (HttpMethods.IsGet(method)) return GetInvitation(id);
            if (HttpMethods.IsDelete(method)) return DeleteInvitation(id);
            return MethodNotAllowed(method, path, "GET, DELETE");
        }
        if (path.StartsWith("/partner/v2/", StringComparison.Ordinal)) return DispatchPartner(req, method, path, body);
        if (path.StartsWith("/iam/v2/", StringComparison.Ordinal)) return DispatchIamUsers(req, method, path, body);
        return RouteNotFound(method, path);
    }

    private static ApiResult RouteNotFound(string method, string path) =>
        ApiResult.Failure(404, new ApiError("not_found", "Not Found", $"No API operation matches {method} '{path}'."));

    private static ApiResult MethodNotAllowed(string method, string path, string allow)
    {
        var r = ApiResult.Failure(405, new ApiError("method_not_allowed", "Method Not Allowed",
            $"The method {method} is not allowed on '{path}'; allowed: {allow}."));
        r.Allow = allow;
        return r;
    }

    private static ApiResult ResourceNotFound(string kind, string id) =>
        ApiResult.Failure(404, new ApiError("resource_not_found", "Not Found", $"The {kind} '{id}' was not found."));

    /// <summary>Parses a JSON object request body, or produces the 415/400 answer.</summary>
    private static bool TryParseJsonObject(HttpRequest req, byte[] body, out JsonDocument doc, out ApiResult error)
    {
        doc = null!;
        error = null!;
        if (!JsonText.IsJsonContentType(req.ContentType))
        {
            error = ApiResult.Failure(415, new ApiError("unsupported_media_type", "Unsupported Media Type",
                $"The request body must be sent as application/json (Content-Type was '{req.ContentType}')."));
            return false;
        }
        ReadOnlyMemory<byte> json = body;
        if (json.Span.StartsWith("\uFEFF"u8)) json = json[3..];
        if (json.Length == 0)
        {
            error = ApiResult.Failure(400, new ApiError("invalid_json", "Bad Request", "The request body is empty; a JSON object is required."));
            return false;
        }
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = ApiResult.Failure(400, new ApiError("invalid_json", "Bad Request", "The request body is not valid JSON: " + ex.Message));
            return false;
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = ApiResult.Failure(400, new ApiError("invalid_json", "Bad Request",
                $"The request body must be a JSON object, not {Describe(doc.RootElement.ValueKind)}."));
            doc.Dispose();
            doc = null!;
            return false;
        }
        return true;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // ---------------------------------------------------------------- POST /iam/v2/invitations

    private static readonly string[] AuthTypes = ["AUTH_TYPE_LOCAL", "AUTH_TYPE_SSO"];

    private ApiResult CreateInvitation(HttpRequest req, byte[] body)
    {
        if (!TryParseJsonObject(req, body, out var doc, out var parseError)) return parseError;
        string email;
        string authType = "AUTH_TYPE_LOCAL";
        using (doc)
        {
            var root = doc.RootElement;
            var errors = new List<ApiError>();
            email = "";
            if (!root.TryGetProperty("email", out var e) || e.ValueKind == JsonValueKind.Null)
                errors.Add(Err422("missing_required_field", "/email", "The property '/email' is required."));
            else if (e.ValueKind != JsonValueKind.String)
                errors.Add(Err422("invalid_type", "/email", $"The property '/email' must be a string, not {Describe(e.ValueKind)}."));
            else
            {
                email = e.GetString()!.Trim();
                if (!Validation.IsPlausibleEmail(email))
                    errors.Add(Err422("invalid_value", "/email", $"The property '/email' is not a valid email address: '{e.GetString()}'."));
            }

            if (root.TryGetProperty("auth_type", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                if (a.ValueKind != JsonValueKind.String)
                    errors.Add(Err422("invalid_type", "/auth_type", $"The property '/auth_type' must be a string, not {Describe(a.ValueKind)}."));
                else if (Array.IndexOf(AuthTypes, a.GetString()) < 0)
                    errors.Add(Err422("invalid_value", "/auth_type",
                        $"The property '/auth_type' must be one of AUTH_TYPE_LOCAL, AUTH_TYPE_SSO; got '{a.GetString()}'."));
                else
                    authType = a.GetString()!;
            }
            // read-only properties (id, kind, api_version, metadata, status, user, creator, ...) are ignored
            if (errors.Count > 0) return ApiResult.Failure(422, errors);
        }

        SimInvitation inv;
        bool created;
        lock (_iamLock)
        {
            var existingUser = _users.UserIdByEmail(email);
            if (existingUser is not null && _invitations.List(new InvitationFilter(email, null, null, null), 0, 1).Items.Count == 0)
            {
                Interlocked.Increment(ref Stats._duplicates);
                return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                    $"The email '{email}' already belongs to the user '{existingUser}' of this organization."), UserSelf(existingUser));
            }
            (inv, created) = _invitations.Create(email, authType, seeded: false);
            if (created) _users.Ensure(inv.UserId, inv.Email, inv.AuthType);
        }
        var self = InvitationSelf(inv.Id);
        if (!created)
        {
            Interlocked.Increment(ref Stats._duplicates);
            return ApiResult.Failure(409, new ApiError("resource_already_exists", "Resource Already Exists",
                $"An invitation for the email '{inv.Email}' already exists: '{inv.Id}'."), self);
        }
        Interlocked.Increment(ref Stats._invitationsCreated);
        return ApiResult.Json(201, InvitationJson(inv), self);
    }

    private static ApiError Err422(string code, string pointer, string detail) =>
        new(code, "Validation Failed", detail, Pointer: pointer);

    private string InvitationSelf(string id) => $"{_base}{InvitationsPath}/{id}";

    private byte[] InvitationJson(SimInvitation inv) =>
        JsonText.Write((this, inv), static (w, s) => s.Item1.WriteInvitation(w, s.inv));

    private void WriteInvitation(Utf8JsonWriter w, SimInvitation inv)
    {
        w.WriteStartObject();
        w.WriteString("api_version", "iam/v2");
        w.WriteString("kind", "Invitation");
        w.WriteString("id", inv.Id);
        JsonText.WriteObjectMeta(w, InvitationSelf(inv.Id), $"crn://confluent.cloud/organization={OrganizationId}/invitation={inv.Id}", inv.CreatedAt, inv.UpdatedAt);
        w.WriteString("email", inv.Email);
        w.WriteString("auth_type", inv.AuthType);
        w.WriteString("status", inv.Status);
        if (inv.AcceptedAt is DateTimeOffset acc) w.WriteString("accepted_at", JsonText.Time(acc));
        else w.WriteNull("accepted_at");
        w.WriteString("expires_at", JsonText.Time(inv.ExpiresAt));
        WriteUserRef(w, "user", inv.UserId);
        WriteUserRef(w, "creator", inv.CreatorId);
        w.WriteEndObject();
    }

    private void WriteUserRef(Utf8JsonWriter w, string property, string userId)
    {
        w.WriteStartObject(property);
        w.WriteString("id", userId);
        w.WriteString("related", $"{_base}/iam/v2/users/{userId}");
        w.WriteString("resource_name", $"crn://confluent.cloud/organization={OrganizationId}/user={userId}");
        w.WriteEndObject();
    }

    // ---------------------------------------------------------------- GET/DELETE /iam/v2/invitations/{id}

    private ApiResult GetInvitation(string id)
    {
        var inv = _invitations.Get(id);
        return inv is null ? ResourceNotFound("invitation", id) : ApiResult.Json(200, InvitationJson(inv));
    }

    /// <summary>Deletes the invitation; a pending one also deactivates (removes) its user, as the contract says.</summary>
    private ApiResult DeleteInvitation(string id)
    {
        lock (_iamLock)
        {
            var inv = _invitations.Get(id);
            if (inv is null || !_invitations.Delete(id)) return ResourceNotFound("invitation", id);
            Interlocked.Increment(ref Stats._invitationsDeleted);
            if (inv.Status != "INVITE_STATUS_ACCEPTED" && _users.Delete(inv.UserId) >= 0) Interlocked.Increment(ref Stats._usersDeleted);
        }
        return ApiResult.NoContent();
    }

    // ---------------------------------------------------------------- GET /iam/v2/invitations

    private ApiResult ListInvitations(HttpRequest req)
    {
        var q = req.Query;
        static string? Param(IQueryCollection q, string name) =>
            q.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

        int? pageSize = null;
        var ps = Param(q, "page_size");
        if (ps is not null)
        {
            if (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxPageSize)
                return ApiResult.Failure(400, new ApiError("invalid_page_size", "Invalid Page Size",
                    $"page_size must be an integer from 1 to {MaxPageSize}; got '{ps}'.", Parameter: "page_size"));
            pageSize = n;
        }

        long after = 0;
        var pt = Param(q, "page_token");
        if (pt is not null)
        {
            if (!TryDecodePageToken(pt, out after, out var tokenSize))
                return ApiResult.Failure(400, new ApiError("invalid_page_token", "Invalid Page Token",
                    "page_token is not a token this API issued.", Parameter: "page_token"));
            pageSize ??= tokenSize;
        }
        var size = pageSize ?? DefaultPageSize;

        var filter = new InvitationFilter(Param(q, "email"), Param(q, "status"), Param(q, "user"), Param(q, "creator"));
        var page = _invitations.List(filter, after, size);

        string? next = page.HasMore && page.Items.Count > 0
            ? ListLink(filter, size, EncodePageToken(page.Items[^1].Order, size))
            : null;
        var first = ListLink(filter, size, null);

        var json = JsonText.Write((this, page, first, next), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("api_version", "iam/v2");
            w.WriteString("kind", "InvitationList");
            w.WriteStartObject("metadata");
            w.WriteString("first", s.first);
            if (s.next is not null) w.WriteString("next", s.next);
            w.WriteNumber("total_size", s.page.Total);
            w.WriteEndObject();
            w.WriteStartArray("data");
            foreach (var inv in s.page.Items) s.Item1.WriteInvitation(w, inv);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return ApiResult.Json(200, json);
    }

    private string ListLink(InvitationFilter f, int pageSize, string? pageToken)
    {
        var sb = new StringBuilder(_base).Append(InvitationsPath);
        char sep = '?';
        void Add(string name, string? value)
        {
            if (value is null) return;
            sb.Append(sep).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            sep = '&';
        }
        Add("email", f.Email);
        Add("status", f.Status);
        Add("user", f.User);
        Add("creator", f.Creator);
        if (pageSize != DefaultPageSize) Add("page_size", pageSize.ToString(CultureInfo.InvariantCulture));
        Add("page_token", pageToken);
        return sb.ToString();
    }

    private static string EncodePageToken(long afterOrder, int pageSize, string kind = "inv1")
    {
        var raw = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{afterOrder}:{pageSize}"));
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool TryDecodePageToken(string token, out long afterOrder, out int pageSize, string kind = "inv1")
    {
        afterOrder = 0;
        pageSize = DefaultPageSize;
        if (token.Length > 255) return false;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(b64)).Split(':');
            return parts.Length == 3 && parts[0] == kind
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out afterOrder)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize)
                && pageSize is >= 1 and <= MaxPageSize;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
