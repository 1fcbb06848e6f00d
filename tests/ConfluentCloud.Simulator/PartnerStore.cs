namespace ConfluentCloud.Simulator;

internal sealed class EntitlementDetails
{
    public required string ExternalId;
    public required string Name;
    public required string PlanId;
    public required string ProductId;
    public string? UsageReportingId;
    public string? ResourceId;
    /// <summary>The <c>organization.related</c> of a created entitlement (POST /partner/v2/entitlements), validated by the handler.</summary>
    public string? OrganizationRelated;
}

internal sealed class LinkCommand
{
    /// <summary>The valid linking token (never logged, never echoed).</summary>
    public required string Token;
    public string? OrganizationName;
    public required string TenantId;
    public EntitlementDetails? Details;      // exactly one of Details / ReferenceId
    public string? ReferenceId;
}

internal sealed class SignupUser
{
    public required string GivenName;
    public required string FamilyName;
    public required string Email;
}

internal sealed class SignupCommand
{
    public required string OrganizationName;
    public required string TenantId;
    public EntitlementDetails? Details;      // exactly one of Details / ReferenceId
    public string? ReferenceId;
    public SignupUser? User;
}

internal enum SignupOutcome { Created, DryRunOk, DuplicateExternalId, EntitlementAlreadyLinked, ReferenceNotFound, TokenAlreadyUsed }

internal enum ActivateOutcome { Activated, UnknownOrganization, AlreadyHasUser }

/// <summary>Organizations and entitlements of partner/v2, guarded by one lock.</summary>
internal sealed class PartnerStore
{
    private sealed class Ent
    {
        public required string Id;
        public required EntitlementDetails D;
        public string? OrganizationId;
        public DateTimeOffset CreatedAt;
        public DateTimeOffset UpdatedAt;
        public long Order;

        public SimEntitlement Snapshot() => new()
        {
            Id = Id, ExternalId = D.ExternalId, Name = D.Name, PlanId = D.PlanId, ProductId = D.ProductId,
            UsageReportingId = D.UsageReportingId, ResourceId = D.ResourceId, OrganizationId = OrganizationId, CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt, Order = Order,
        };
    }

    private sealed class Org
    {
        public required string Id;
        public required string Name;
        public required string TenantId;
        public required string SsoUrl;
        public required string EntitlementId;
        public required string EntitlementExternalId;
        public SignupUser? User;
        public bool Activated;
        public bool Linked;
        public DateTimeOffset CreatedAt;
        public DateTimeOffset UpdatedAt;
        public long Order;

        public SimSignup Snapshot() => new()
        {
            OrganizationId = Id, OrganizationName = Name, TenantId = TenantId, SsoUrl = SsoUrl,
            EntitlementId = EntitlementId, EntitlementExternalId = EntitlementExternalId,
            HasUser = User is not null || Linked, UserEmail = User?.Email, UserGivenName = User?.GivenName, UserFamilyName = User?.FamilyName,
            Activated = Activated, Linked = Linked, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Order = Order,
        };
    }

    private readonly object _lock = new();
    private readonly Dictionary<string, Ent> _entById = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Ent> _entByExternal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Org> _orgById = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Org> _orgs = new();
    private readonly List<Ent> _ents = new();
    private long _entCounter, _orgCounter;

    public static string SsoUrlFor(string orgId) => "https://confluent.cloud/login/sso/AzureAD-OIDC-" + orgId.Replace("-", "");

    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private Ent NewEntitlement(EntitlementDetails d, DateTimeOffset now)
    {
        var n = ++_entCounter;
        var e = new Ent { Id = Ids.Guid(0xE17E_0000_0000_0001UL, n), D = d, CreatedAt = now, UpdatedAt = now, Order = n };
        _entById[e.Id] = e;
        _entByExternal[d.ExternalId] = e;
        _ents.Add(e);
        return e;
    }

    public SimEntitlement SeedEntitlement(EntitlementDetails d)
    {
        lock (_lock)
        {
            if (_entByExternal.ContainsKey(d.ExternalId))
                throw new InvalidOperationException($"An entitlement with external_id '{d.ExternalId}' already exists.");
            return NewEntitlement(d, Now()).Snapshot();
        }
    }

    /// <summary>Performs (or, for a dry run, only checks) a signup. <paramref name="conflictEntitlementId"/> is set for 409s.</summary>
    public SignupOutcome Signup(SignupCommand cmd, bool dryRun, out SimSignup? created, out string? conflictEntitlementId)
    {
        created = null;
        conflictEntitlementId = null;
        lock (_lock)
        {
            Ent? ent = null;
            if (cmd.Details is not null)
            {
                if (_entByExternal.TryGetValue(cmd.Details.ExternalId, out var dup))
                {
                    conflictEntitlementId = dup.Id;
                    return SignupOutcome.DuplicateExternalId;
                }
            }
            else
            {
                if (!_entById.TryGetValue(cmd.ReferenceId!, out ent)) return SignupOutcome.ReferenceNotFound;
                if (ent.OrganizationId is not null)
                {
                    conflictEntitlementId = ent.Id;
                    return SignupOutcome.EntitlementAlreadyLinked;
                }
            }

            if (dryRun) return SignupOutcome.DryRunOk;

            var now = Now();
            var orgId = Ids.Guid(0x0_4600_0000_0000_0002UL, ++_orgCounter);
            ent ??= NewEntitlement(cmd.Details!, now);
            ent.OrganizationId = orgId;
            ent.UpdatedAt = now;
            var org = new Org
            {
                Id = orgId, Name = cmd.OrganizationName, TenantId = cmd.TenantId, SsoUrl = SsoUrlFor(orgId),
                EntitlementId = ent.Id, EntitlementExternalId = ent.D.ExternalId, User = cmd.User,
                CreatedAt = now, UpdatedAt = now, Order = _orgs.Count + 1,
            };
            _orgById[orgId] = org;
            _orgs.Add(org);
            created = org.Snapshot();
            return SignupOutcome.Created;
        }
    }

    /// <summary>Creates an entitlement (POST /partner/v2/entitlements), optionally linked to an organization of this partner.</summary>
    public SignupOutcome CreateEntitlement(EntitlementDetails d, string? organizationId, out SimEntitlement? created, out string? conflictEntitlementId)
    {
        created = null;
        conflictEntitlementId = null;
        lock (_lock)
        {
            if (_entByExternal.TryGetValue(d.ExternalId, out var dup))
            {
                conflictEntitlementId = dup.Id;
                return SignupOutcome.DuplicateExternalId;
            }
            if (organizationId is not null && !_orgById.ContainsKey(organizationId)) return SignupOutcome.ReferenceNotFound;
            var e = NewEntitlement(d, Now());
            e.OrganizationId = organizationId;
            created = e.Snapshot();
            return SignupOutcome.Created;
        }
    }

    /// <summary>Links the organization named by a valid linking token to a new or existing entitlement (or, for a dry run, checks it).
    /// The organization "existed" outside this partner's view; it appears in the partner's organizations once linked.</summary>
    public SignupOutcome Link(LinkCommand cmd, string organizationId, string defaultName, bool dryRun, out SimSignup? linked, out string? conflictId)
    {
        linked = null;
        conflictId = null;
        lock (_lock)
        {
            if (_orgById.ContainsKey(organizationId))
            {
                conflictId = organizationId;
                return SignupOutcome.TokenAlreadyUsed;
            }
            Ent? ent = null;
            if (cmd.Details is not null)
            {
                if (_entByExternal.TryGetValue(cmd.Details.ExternalId, out var dup))
                {
                    conflictId = dup.Id;
                    return SignupOutcome.DuplicateExternalId;
                }
            }
            else
            {
                if (!_entById.TryGetValue(cmd.ReferenceId!, out ent)) return SignupOutcome.ReferenceNotFound;
                if (ent.OrganizationId is not null)
                {
                    conflictId = ent.Id;
                    return SignupOutcome.EntitlementAlreadyLinked;
                }
            }
            if (dryRun) return SignupOutcome.DryRunOk;

            var now = Now();
            ent ??= NewEntitlement(cmd.Details!, now);
            ent.OrganizationId = organizationId;
            ent.UpdatedAt = now;
            var org = new Org
            {
                Id = organizationId, Name = cmd.OrganizationName ?? defaultName, TenantId = cmd.TenantId, SsoUrl = SsoUrlFor(organizationId),
                EntitlementId = ent.Id, EntitlementExternalId = ent.D.ExternalId, Linked = true,
                CreatedAt = now, UpdatedAt = now, Order = _orgs.Count + 1,
            };
            _orgById[organizationId] = org;
            _orgs.Add(org);
            linked = org.Snapshot();
            return SignupOutcome.Created;
        }
    }

    public Page<SimEntitlement> ListEntitlements(string? organizationId, long afterOrder, int pageSize)
    {
        lock (_lock)
        {
            var items = new List<SimEntitlement>(Math.Min(pageSize, 128));
            int total = 0;
            bool more = false;
            foreach (var e in _ents)
            {
                if (organizationId is not null && !string.Equals(e.OrganizationId, organizationId, StringComparison.OrdinalIgnoreCase)) continue;
                total++;
                if (e.Order <= afterOrder) continue;
                if (items.Count < pageSize) items.Add(e.Snapshot());
                else more = true;
            }
            return new Page<SimEntitlement>(items, total, more);
        }
    }

    public Page<SimSignup> ListOrganizations(long afterOrder, int pageSize)
    {
        lock (_lock)
        {
            var items = _orgs.Where(o => o.Order > afterOrder).Take(pageSize + 1).Select(o => o.Snapshot()).ToList();
            var more = items.Count > pageSize;
            if (more) items.RemoveAt(items.Count - 1);
            return new Page<SimSignup>(items, _orgs.Count, more);
        }
    }

    public ActivateOutcome Activate(string organizationId, SignupUser user, out SimSignup? org)
    {
        lock (_lock)
        {
            org = null;
            if (!_orgById.TryGetValue(organizationId, out var o)) return ActivateOutcome.UnknownOrganization;
            org = o.Snapshot();
            if (o.User is not null) return ActivateOutcome.AlreadyHasUser;
            o.User = user;
            o.Activated = true;
            o.UpdatedAt = Now();
            org = o.Snapshot();
            return ActivateOutcome.Activated;
        }
    }

    public (SimEntitlement Entitlement, DateTimeOffset UpdatedAt)? GetEntitlement(string id)
    {
        lock (_lock) return _entById.TryGetValue(id, out var e) ? (e.Snapshot(), e.UpdatedAt) : null;
    }

    public (SimSignup Organization, DateTimeOffset UpdatedAt)? GetOrganization(string id)
    {
        lock (_lock) return _orgById.TryGetValue(id, out var o) ? (o.Snapshot(), o.UpdatedAt) : null;
    }

    public IReadOnlyList<SimSignup> Signups()
    {
        lock (_lock) return _orgs.Select(o => o.Snapshot()).ToArray();
    }

    public IReadOnlyList<SimEntitlement> Entitlements()
    {
        lock (_lock) return _ents.Select(e => e.Snapshot()).ToArray();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entById.Clear();
            _entByExternal.Clear();
            _orgById.Clear();
            _orgs.Clear();
            _ents.Clear();
            _entCounter = 0;
            _orgCounter = 0;
        }
    }
}
