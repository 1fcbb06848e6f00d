namespace ConfluentCloud.Simulator;

/// <summary>An iam/v2 invitation held by the simulator (immutable snapshot).</summary>
public sealed class SimInvitation
{
    /// <summary>e.g. <c>i-3kq9zx</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary>The email as sent (trimmed).</summary>
    public string Email { get; init; } = "";
    /// <summary><c>AUTH_TYPE_LOCAL</c> or <c>AUTH_TYPE_SSO</c>.</summary>
    public string AuthType { get; init; } = "AUTH_TYPE_LOCAL";
    /// <summary>e.g. <c>INVITE_STATUS_SENT</c>.</summary>
    public string Status { get; init; } = "INVITE_STATUS_SENT";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    /// <summary>The invitee user id, e.g. <c>u-8d2kq1</c>.</summary>
    public string UserId { get; init; } = "";
    /// <summary>The creator user id (the principal behind the simulator's credentials).</summary>
    public string CreatorId { get; init; } = "";
    /// <summary>True when created by <see cref="CloudSimulator.SeedInvitation"/>.</summary>
    public bool Seeded { get; init; }

    internal long Order { get; init; }

    public override string ToString() => $"{Id} {Email} {AuthType} {Status}";
}

/// <summary>An organization of the partner: created by a real <c>POST /partner/v2/signup</c>, or linked by
/// <c>POST /partner/v2/signup/link</c> (<see cref="Linked"/>) (snapshot).</summary>
public sealed class SimSignup
{
    /// <summary>GUID string.</summary>
    public string OrganizationId { get; init; } = "";
    public string OrganizationName { get; init; } = "";
    /// <summary>Azure AD tenant id from <c>sso_config</c>.</summary>
    public string TenantId { get; init; } = "";
    public string SsoUrl { get; init; } = "";
    public string EntitlementId { get; init; } = "";
    public string EntitlementExternalId { get; init; } = "";
    /// <summary>Whether the organization has its user (given at signup, or through activation).</summary>
    public bool HasUser { get; init; }
    public string? UserEmail { get; init; }
    public string? UserGivenName { get; init; }
    public string? UserFamilyName { get; init; }
    /// <summary>True once <c>/partner/v2/signup/activate</c> succeeded for this organization.</summary>
    public bool Activated { get; init; }
    /// <summary>True for an existing organization linked by <c>POST /partner/v2/signup/link</c> (it has its users already).</summary>
    public bool Linked { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    internal long Order { get; init; }

    public override string ToString() => $"{OrganizationId} '{OrganizationName}' ent={EntitlementExternalId} user={UserEmail ?? "(pending)"}";
}

/// <summary>A partner/v2 entitlement held by the simulator (snapshot).</summary>
public sealed class SimEntitlement
{
    /// <summary>GUID string.</summary>
    public string Id { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string Name { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string ProductId { get; init; } = "";
    public string? UsageReportingId { get; init; }
    public string? ResourceId { get; init; }
    /// <summary>The organization this entitlement is linked to; null for a seeded, not yet used entitlement.</summary>
    public string? OrganizationId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    internal long Order { get; init; }

    public override string ToString() => $"{Id} ext={ExternalId} org={OrganizationId ?? "(none)"}";
}

/// <summary>An iam/v2 user (snapshot). Invited users exist from the moment their invitation is created.</summary>
public sealed class SimUser
{
    /// <summary>e.g. <c>u-8d2kq1</c>; for an invited user, the invitation's <c>user.id</c>.</summary>
    public string Id { get; init; } = "";
    public string Email { get; init; } = "";
    public string AuthType { get; init; } = "AUTH_TYPE_LOCAL";
    /// <summary>Empty until set with <c>PATCH /iam/v2/users/{id}</c> (or seeded).</summary>
    public string FullName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    internal long Order { get; init; }

    public override string ToString() => $"{Id} {Email} {AuthType}";
}

/// <summary>An iam/v2 role binding (snapshot).</summary>
public sealed class SimRoleBinding
{
    /// <summary>e.g. <c>rb-1a2b3c</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary>e.g. <c>User:u-8d2kq1</c>.</summary>
    public string Principal { get; init; } = "";
    public string RoleName { get; init; } = "";
    /// <summary>e.g. <c>crn://confluent.cloud/organization=…/environment=env-1</c>.</summary>
    public string CrnPattern { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    internal long Order { get; init; }

    public override string ToString() => $"{Id} {Principal} {RoleName} {CrnPattern}";
}
